import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { derivedActionSet, readCheckpoint } from "@grid/algos";
import { getScenario, parseGridConfig } from "@grid/env";
import { describe, expect, it } from "vitest";
import { studySchema } from "../studies/schema.js";
import { executeRun } from "./execute.js";
import { expandStudy } from "./expand.js";

describe("executeRun", () => {
  it("trains and evaluates with a setting's forecast features (observation concern), and keeps them in the checkpoint", async () => {
    const study = studySchema.parse({
      name: "forecast-test",
      description: "ippo seeing the coming hours",
      scenarios: ["seed"],
      algorithms: [{ name: "ippo", recipe: { config: { numEnvs: 2, rolloutSteps: 96, minibatches: 2, epochs: 1, hiddenSizes: [8] } } }],
      baselines: [],
      settings: [{ name: "lookahead", env: { observation: { forecastFeatures: "lookahead", forecastHorizonHours: 6 } } }],
      quick: { seeds: 2, trainSteps: 192, evaluationDays: 1 },
    });
    const [spec] = expandStudy(study, { quick: true });
    const directory = mkdtempSync(join(tmpdir(), "grid-forecast-run-"));
    try {
      const result = await executeRun(spec, { backend: "cpu", checkpointDirectory: directory });
      expect(Number.isFinite(result.metrics.systemCostUsd)).toBe(true);
      expect(result.trainEnvSteps).toBeGreaterThanOrEqual(192);
      const manifest = readCheckpoint(join(directory, spec.id)).manifest;
      expect(parseGridConfig(manifest.envConfig)).toMatchObject({ forecastFeatures: "lookahead", forecastHorizonHours: 6 });
      expect(manifest.shape.observationSize).toBe(11 + 7);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);

  it("gives the baselines the derived recipe's action set with baselineActions: derived, and the scenario's without", async () => {
    const base = { name: "actions-test", description: "greedy on two action sets", scenarios: ["seed"], baselines: ["greedy", "optimal"], quick: { evaluationDays: 1, baselines: ["greedy", "optimal"] } };
    const [scenarioGreedy, scenarioOptimal] = expandStudy(studySchema.parse(base), { quick: true });
    const [derivedGreedy, derivedOptimal] = expandStudy(studySchema.parse({ ...base, baselineActions: "derived" }), { quick: true });
    expect(derivedGreedy.baselineActions).toBe("derived");
    expect("baselineActions" in scenarioGreedy).toBe(false);
    // On seed the recipe's set is 5 even levels (the scenario's is 3): greedy's day changes, the continuous optimum's does not.
    expect(derivedActionSet(getScenario("seed"))).toMatchObject({ actionLevels: 5, actionLevelExponent: 1 });
    const cost = async (spec: typeof scenarioGreedy) => (await executeRun(spec)).metrics.systemCostUsd;
    expect(await cost(derivedGreedy)).not.toBe(await cost(scenarioGreedy));
    expect(await cost(derivedOptimal)).toBe(await cost(scenarioOptimal));
  }, 120_000);
});
