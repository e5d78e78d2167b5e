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
    expect(problems({ ...minimal, settings: [{ name: "a" }, { name: "b" }], referenceSetting: "c" })).toEqual([
      'study.referenceSetting: "c" is not a setting of the study (a, b)',
    ]);
    expect(problems({ ...minimal, algorithms: [{ name: "ippo", violationPrice: { learningRateUsd: 0 } }] })).toEqual([
      expect.stringMatching(/^study\.algorithms\[0\]\.recipe\.violationPrice\.learningRateUsd: /),
    ]);
    // An algorithm's configuration is checked by its own schema when the study loads, not when its runs fail.
    expect(problems({ ...minimal, algorithms: [{ name: "ippo", recipeOverrides: { config: { epochz: 3 } } }] })).toEqual([
      expect.stringMatching(/^study\.algorithms\[0\]\.recipeOverrides\.config: .*epochz/),
    ]);
    expect(problems({ ...minimal, algorithms: [{ name: "mappo", recipe: { config: { gamma: 2 } } }] })).toEqual([
      expect.stringMatching(/^study\.algorithms\[0\]\.recipe\.config\.gamma: /),
    ]);
    // The flat form and a recipe on one entry: the flat fields are refused by name.
    expect(problems({ ...minimal, algorithms: [{ name: "ippo", recipe: "none", actionLevels: 5 }] })).toEqual([
      expect.stringMatching(/^study\.algorithms\[0\]: .*actionLevels/),
    ]);
  });

  it("reads a stress suite as grid stress does, naming a bad field and a quick suite without one", () => {
    const study = parseStudy({ ...minimal, stress: {} }, vocabulary);
    expect(study.stress?.perturbations.map((perturbation) => perturbation.family)).toContain("agent-failure");
    expect(expandStudy(study).every((run) => run.stress === study.stress)).toBe(true);
    expect(expandStudy(parseStudy(minimal, vocabulary)).some((run) => "stress" in run)).toBe(false);
    expect(problems({ ...minimal, stress: { perturbations: [{ family: "drift", kind: "battery-fade", severities: [1.5] }] } })).toEqual([
      expect.stringMatching(/^study\.stress\.perturbations\[0\]\.severities\[0\]: /),
    ]);
    expect(problems({ ...minimal, quick: { stress: { seeds: 1 } } })).toEqual([expect.stringMatching(/^study\.quick\.stress: .*without study\.stress/)]);
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

  it("takes a setting's environment by concern too, kept as written, and names a field in the wrong concern", () => {
    const env = { physics: { batteryCapacityKwh: 24 }, safety: { feederGuard: true } };
    const study = parseStudy({ ...minimal, settings: [{ name: "a", env }] }, vocabulary);
    expect(study.settings[0].env).toEqual(env);
    expect(problems({ ...minimal, settings: [{ name: "a", env: { physics: { feederGuard: true } } }] })).toEqual([
      "study.settings[0].env.physics.feederGuard: feederGuard is a safety field; write it as study.settings[0].env.safety.feederGuard",
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

  it("reads an entry's flat training options (the older form) as its recipe, and carries it to each of its runs", () => {
    const violationPrice = { learningRateUsd: 0.02, targetStepsPerDay: 0.05 };
    const rewardWeightsLater = { fraction: 0.5, rewardWeights: { congestionUsdPerKwh: 4 } };
    const study = parseStudy({ ...minimal, algorithms: [{ name: "ippo", violationPrice, rewardWeightsLater, actionLevels: 5 }], seeds: 2 }, vocabulary);
    const learning = expandStudy(study).filter((run) => run.kind === "algorithm");
    expect(learning.length).toBe(2);
    for (const run of learning) expect(run.recipe).toMatchObject({ violationPrice, rewardWeightsLater, actionLevels: 5, episodeStarts: "any-step" });
  });

  it("gives an entry that names no recipe the derived one, with its overrides and budget", () => {
    const study = parseStudy({ ...minimal, algorithms: [{ name: "ippo" }, { name: "mappo", recipeOverrides: { actionLevels: 9 }, trainSteps: 1000 }], seeds: 2 }, vocabulary);
    const [ippo, mappo] = [0, 2].map((index) => expandStudy(study).filter((run) => run.kind === "algorithm")[index]);
    expect(ippo).toMatchObject({ recipe: "derived", defaultTrainSteps: 300_000 });
    expect(ippo.trainSteps).toBeUndefined();
    expect(mappo).toMatchObject({ recipe: "derived", recipeOverrides: { actionLevels: 9 }, trainSteps: 1000 });
  });

  it("takes datasets as scenarios, read from the study file's folder, with their reading options", () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-study-"));
    writeFileSync(join(directory, "mine.csv"), "timestamp,base_load_kw,solar_kw,temperature_c,day_ahead_price\n");
    const path = join(directory, "study.yaml");
    writeFileSync(path, "name: mine\ndescription: own data\nscenarios: [seed, { dataset: mine.csv, timeZone: Europe/Berlin, maxGapMinutes: 60 }]\nbaselines: [idle]\n");
    const study = readStudyFile(path, vocabulary);
    expect(study.scenarios[1]).toEqual({ dataset: join(directory, "mine.csv"), timeZone: "Europe/Berlin", maxGapMinutes: 60 });
    const runs = expandStudy(study);
    expect(runs.map((run) => run.id)).toContain("mine__default__idle__s0");
    expect(runs.find((run) => run.scenario === "mine")?.dataset?.timeZone).toBe("Europe/Berlin");
    writeFileSync(path, "name: mine\ndescription: own data\nscenarios: [{ dataset: missing.csv }]\n");
    expect(() => readStudyFile(path, vocabulary)).toThrowError(/study\.scenarios\[0\]\.dataset: .*missing\.csv does not exist/);
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
