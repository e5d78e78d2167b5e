import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@grid/env";
import { describe, expect, it } from "vitest";
import { expandStudy } from "../runs/expand.js";
import { builtinStudies } from "./builtin.js";
import { parseStudy, readStudyFile, type StudyVocabulary } from "./load.js";

const vocabulary: StudyVocabulary = {
  scenarios: ["seed", "ev-evening", "citylearn-2022"],
  algorithms: ["ac-ctde", "ippo", "mappo", "maddpg"],
  baselines: ["idle", "random", "rule", "greedy", "mpc", "optimal"],
};

const minimal = { name: "mine", description: "a test study", scenarios: ["seed"], algorithms: [{ name: "ippo" }], baselines: ["idle", "rule", "greedy"] };

function problems(input: unknown): string[] {
  try {
    parseStudy(input, vocabulary);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((problem) => `${problem.path}: ${problem.message}`);
  }
  throw new Error("the study was accepted");
}

describe("study validation", () => {
  it("accepts every built-in study", () => {
    for (const study of builtinStudies) expect(() => parseStudy(study, vocabulary)).not.toThrow();
  });

  it("names the field of a bad value", () => {
    expect(problems({ ...minimal, seeds: 1 })).toEqual([expect.stringMatching(/^study\.seeds: .*>=2/)]);
    expect(problems({ ...minimal, settings: [{ name: "a", numConsumers: -3 }] })).toEqual([
      expect.stringMatching(/^study\.settings\[0\]\.numConsumers: /),
    ]);
    expect(problems({ ...minimal, colour: "blue" })).toEqual([expect.stringMatching(/^study: .*colour/)]);
    expect(problems({ ...minimal, algorithms: [{ name: "ippo", violationPrice: { learningRateUsd: 0 } }] })).toEqual([
      expect.stringMatching(/^study\.algorithms\[0\]\.violationPrice\.learningRateUsd: /),
    ]);
  });

  it("names unknown scenarios, algorithms and baselines with what is known", () => {
    expect(problems({ ...minimal, scenarios: ["seed", "moon"], algorithms: [{ name: "dqn" }] })).toEqual([
      'study.scenarios[1]: unknown scenario "moon"; known: seed, ev-evening, citylearn-2022',
      'study.algorithms[0].name: unknown algorithm "dqn"; known: ac-ctde, ippo, mappo, maddpg',
    ]);
  });

  it("checks environment overrides with the environment's own schema, under the setting's path", () => {
    expect(problems({ ...minimal, settings: [{ name: "a", env: { rewardAlpha: 2 } }] })).toEqual([
      expect.stringMatching(/^study\.settings\[0\]\.env\.rewardAlpha: /),
    ]);
  });

  it("reads YAML and JSON files, and names the file of a syntax error", () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-study-"));
    const yamlPath = join(directory, "study.yaml");
    writeFileSync(yamlPath, "name: mine\ndescription: yaml\nscenarios: [seed]\nbaselines: [idle, rule, greedy]\n");
    expect(readStudyFile(yamlPath, vocabulary).baselines).toEqual(["idle", "rule", "greedy"]);
    const broken = join(directory, "broken.json");
    writeFileSync(broken, '{ "name": "mine", ');
    expect(() => readStudyFile(broken, vocabulary)).toThrowError(/broken\.json: not valid JSON/);
    const wrong = join(directory, "wrong.yaml");
    writeFileSync(wrong, "name: mine\ndescription: x\nscenarios: [seed]\nseeds: ten\n");
    expect(() => readStudyFile(wrong, vocabulary)).toThrowError(/wrong\.yaml[\s\S]*study\.seeds/);
  });
});

describe("expandStudy", () => {
  it("expands scenarios x settings x (algorithms x seeds + baselines), deterministic baselines once", () => {
    const study = parseStudy({ ...minimal, baselines: ["idle", "random"], settings: [{ name: "a" }, { name: "b" }], seeds: 4 }, vocabulary);
    const runs = expandStudy(study);
    expect(runs.length).toBe(2 * (4 + 1 + 4));
    expect(new Set(runs.map((run) => run.id)).size).toBe(runs.length);
    expect(runs.filter((run) => run.policy === "idle").map((run) => run.seed)).toEqual([0, 0]);
  });

  it("carries a learner's training options (curriculum, violation price) to each of its runs", () => {
    const violationPrice = { learningRateUsd: 0.02, targetStepsPerDay: 0.05 };
    const rewardWeightsLater = { fraction: 0.5, rewardWeights: { congestionUsdPerKwh: 4 } };
    const study = parseStudy({ ...minimal, algorithms: [{ name: "ippo", violationPrice, rewardWeightsLater }], seeds: 2 }, vocabulary);
    const learning = expandStudy(study).filter((run) => run.kind === "algorithm");
    expect(learning.length).toBe(2);
    for (const run of learning) expect(run).toMatchObject({ violationPrice, rewardWeightsLater });
  });

  it("quick mode keeps the quick subset with fewer seeds and shorter training", () => {
    const main = parseStudy(
      builtinStudies.find((study) => study.name === "main"),
      vocabulary,
    );
    const quick = expandStudy(main, { quick: true });
    expect(new Set(quick.map((run) => run.scenario))).toEqual(new Set(["seed"]));
    expect(quick.filter((run) => run.kind === "algorithm").every((run) => run.trainSteps === main.quick.trainSteps)).toBe(true);
    expect(quick.filter((run) => run.policy === "ippo").length).toBe(3);
    expect(quick.some((run) => run.policy === "mpc")).toBe(false);
    expect(expandStudy(main).filter((run) => run.policy === "ippo").length).toBe(main.scenarios.length * main.seeds);
  });
});
