import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluatePolicy } from "@grid/baselines";
import { dayStartSteps, FORECAST_FEATURE_SIZE, getScenario, parseGridConfig, startStepsInDays } from "@grid/env";
import { describe, expect, it } from "vitest";
import { generateSyntheticProfiles } from "@grid/profiles";
import type { ActorCriticTrainer } from "./actor-critic.js";
import { registerBuiltinAlgorithms } from "./algorithms.js";
import { selectBackend } from "./backend.js";
import { loadPolicy, readCheckpoint } from "./checkpoint.js";
import { createWarmStartExpert, trainingStartSteps, trainOnScenario } from "./train.js";

describe("trainingStartSteps", () => {
  const scenario = getScenario("seed");
  const profiles = scenario.loadProfiles();

  it("starts day-start episodes at the first step of each training day, as evaluation episodes start", () => {
    const starts = trainingStartSteps(scenario, "day-start", 96, profiles);
    const days = dayStartSteps(profiles, scenario.trainDays);
    expect(Array.from(starts)).toEqual(Array.from(days));
    expect(starts.length).toBe(scenario.trainDays.last - scenario.trainDays.first + 1);
    for (const step of starts) expect(profiles.hourOfDay[step]).toBe(0);
    const testStarts = dayStartSteps(profiles, scenario.testDays);
    for (const step of starts) expect(Array.from(testStarts)).not.toContain(step);
  });

  it("starts any-step episodes anywhere an episode fits in the training days, and drops days an episode overruns", () => {
    expect(Array.from(trainingStartSteps(scenario, "any-step", 96, profiles))).toEqual(Array.from(startStepsInDays(profiles, scenario.trainDays, 96)));
    const twoDays = trainingStartSteps(scenario, "day-start", 192, profiles);
    expect(twoDays.length).toBe(scenario.trainDays.last - scenario.trainDays.first);
  });
});

registerBuiltinAlgorithms();

describe("trainOnScenario", () => {
  it("switches the training reward weights once the given share of the budget is spent, and not before", async () => {
    await selectBackend("cpu");
    const profiles = generateSyntheticProfiles({ days: 4 });
    const scenario = { ...getScenario("seed"), name: "synthetic", config: {}, trainDays: { first: 0, last: 2 }, testDays: { first: 3, last: 3 }, loadProfiles: () => profiles };
    const train = (fraction: number) =>
      trainOnScenario({
        algorithm: "ippo",
        scenario,
        maxEnvSteps: 4 * 96 * 4,
        recipe: {
          config: { numEnvs: 4, rolloutSteps: 96, minibatches: 2, epochs: 1, hiddenSizes: [8] },
          trainingEnv: { rewardWeights: { congestionUsdPerKwh: 1 } },
          rewardWeightsLater: { fraction, rewardWeights: { congestionUsdPerKwh: 7, violationStepUsd: 0.2 } },
        },
      });
    const switched = train(0.5);
    expect(switched.trainer.env.config.rewardWeights).toMatchObject({ congestionUsdPerKwh: 7, violationStepUsd: 0.2, spillUsdPerKwh: 2 });
    switched.trainer.dispose();
    // Training ends when the budget is spent: a switch at the very end never happens.
    const unswitched = train(1);
    expect(unswitched.trainer.env.config.rewardWeights).toMatchObject({ congestionUsdPerKwh: 1, violationStepUsd: 0 });
    unswitched.trainer.dispose();
    expect(() => train(1.5)).toThrow(/recipe\.rewardWeightsLater\.fraction: /);
  }, 60_000);

  it("merges the training reward weights into the scenario's field by field, and evaluates with the scenario's", async () => {
    await selectBackend("cpu");
    const profiles = generateSyntheticProfiles({ days: 4 });
    const config = { feederGuard: true, rewardWeights: { violationStepUsd: 0.7 } };
    const scenario = { ...getScenario("seed"), name: "synthetic", config, trainDays: { first: 0, last: 2 }, testDays: { first: 3, last: 3 }, loadProfiles: () => profiles };
    const result = trainOnScenario({
      algorithm: "ippo",
      scenario,
      maxEnvSteps: 96 * 2,
      recipe: {
        config: { numEnvs: 2, rolloutSteps: 96, minibatches: 1, epochs: 1, hiddenSizes: [8] },
        trainingEnv: { differenceSharesViolations: true, rewardStructure: "difference", rewardWeights: { congestionUsdPerKwh: 1 } },
      },
    });
    const trained = result.trainer.env.config;
    expect(trained.rewardWeights).toMatchObject({ congestionUsdPerKwh: 1, violationStepUsd: 0.7, spillUsdPerKwh: 2 });
    expect(trained).toMatchObject({ feederGuard: true, differenceSharesViolations: true, rewardStructure: "difference" });
    result.trainer.dispose();
  }, 60_000);

  it("prices violations with a Lagrange multiplier that follows the training episodes' violations, within [0, maxUsd]", async () => {
    await selectBackend("cpu");
    const profiles = generateSyntheticProfiles({ days: 4 });
    // A feeder far too small: nearly every training step violates, so the price climbs to its cap.
    const scenario = { ...getScenario("seed"), name: "synthetic", config: { feederCapacityKw: 1 }, trainDays: { first: 0, last: 2 }, testDays: { first: 3, last: 3 }, loadProfiles: () => profiles };
    const violationPrice = { learningRateUsd: 0.01, targetStepsPerDay: 10, initialUsd: 0.1, maxUsd: 1.5 };
    const result = trainOnScenario({
      algorithm: "ippo",
      scenario,
      maxEnvSteps: 2 * 96 * 3,
      recipe: { config: { numEnvs: 2, rolloutSteps: 96, minibatches: 1, epochs: 1, hiddenSizes: [8] }, violationPrice },
    });
    let expected = violationPrice.initialUsd;
    for (const progress of result.history) {
      expect(progress.trainingViolatingStepsPerDay).toBeGreaterThan(violationPrice.targetStepsPerDay);
      expected = Math.min(violationPrice.maxUsd, Math.max(0, expected + violationPrice.learningRateUsd * (progress.trainingViolatingStepsPerDay - violationPrice.targetStepsPerDay)));
      expect(progress.violationPriceUsd).toBeCloseTo(expected, 12);
    }
    expect(result.history.length).toBe(3);
    expect(result.history.at(-1)?.violationPriceUsd).toBe(1.5);
    expect(result.trainer.env.config.rewardWeights.violationStepUsd).toBe(1.5);
    result.trainer.dispose();
    // Without the option the price stays what the configuration says; a bad option is refused with its field.
    const plain = trainOnScenario({ algorithm: "ippo", scenario, maxEnvSteps: 96 * 2, recipe: { config: { numEnvs: 2, rolloutSteps: 96, minibatches: 1, epochs: 1, hiddenSizes: [8] } } });
    expect(plain.history[0].violationPriceUsd).toBeUndefined();
    expect(plain.history[0].trainingViolatingStepsPerDay).toBeGreaterThan(10);
    expect(plain.trainer.env.config.rewardWeights.violationStepUsd).toBe(0);
    plain.trainer.dispose();
    expect(() => trainOnScenario({ algorithm: "ippo", scenario, maxEnvSteps: 96, recipe: { violationPrice: { learningRateUsd: -1, rate: 2 } as never } })).toThrow(
      /recipe\.violationPrice\.learningRateUsd: Too small: expected number to be >0\n\s*recipe\.violationPrice: Unrecognized key: "rate"/,
    );
  }, 60_000);

  it("stops at the recipe's wall-clock cap before its env-step budget", async () => {
    await selectBackend("cpu");
    const profiles = generateSyntheticProfiles({ days: 4 });
    const scenario = { ...getScenario("seed"), name: "synthetic", config: {}, trainDays: { first: 0, last: 2 }, testDays: { first: 3, last: 3 }, loadProfiles: () => profiles };
    const result = trainOnScenario({
      algorithm: "ippo",
      scenario,
      recipe: { config: { numEnvs: 2, rolloutSteps: 96, minibatches: 1, epochs: 1, hiddenSizes: [8] }, trainSteps: 96 * 2 * 50, maxTrainSeconds: 0.001 },
    });
    expect(result.history.length).toBe(1);
    expect(result.trainer.envSteps).toBe(96 * 2);
    result.trainer.dispose();
  }, 60_000);

  it("warm-starts by imitating the optimum's plans: the expert's actions' cross-entropy falls, then RL takes over", async () => {
    await selectBackend("cpu");
    const profiles = generateSyntheticProfiles({ days: 4 });
    const scenario = { ...getScenario("seed"), name: "synthetic", config: { actionLevels: 5 }, trainDays: { first: 0, last: 2 }, testDays: { first: 3, last: 3 }, loadProfiles: () => profiles };
    const recipe = { config: { numEnvs: 2, rolloutSteps: 96, minibatches: 2, epochs: 4, hiddenSizes: [16] }, episodeStarts: "day-start" as const, warmStart: { envSteps: 96 * 2 * 6 }, trainSteps: 96 * 2 * 8 };
    expect(() => trainOnScenario({ algorithm: "ippo", scenario, recipe })).toThrow(/warmStart; pass its expert/);
    const result = trainOnScenario({ algorithm: "ippo", scenario, recipe, expert: await createWarmStartExpert() });
    const crossEntropy = result.history.slice(0, 6).map((progress) => progress.diagnostics["losses/policy_loss"] ?? Number.NaN);
    for (let i = 1; i < 6; i++) expect(crossEntropy[i]).toBeLessThan(crossEntropy[i - 1]);
    expect(crossEntropy[5]).toBeLessThan(crossEntropy[0] - 0.1);
    // The first 6 iterations imitate (a cross-entropy is positive); the last 2 are PPO's surrogate (near 0).
    for (const loss of crossEntropy) expect(loss).toBeGreaterThan(0.05);
    expect(result.trainer.envSteps).toBe(96 * 2 * 8);
    expect(result.history[7].diagnostics["losses/imitation_loss"]).toBeUndefined();
    result.trainer.dispose();
    // Kept demonstrations: the fine-tuning's loss has the imitation term, halving after the warm start.
    const kept = trainOnScenario({ algorithm: "ippo", scenario, recipe: { ...recipe, warmStart: { ...recipe.warmStart, keepWeight: 1 } }, expert: await createWarmStartExpert() });
    expect(kept.history[5].diagnostics["losses/imitation_loss"]).toBeUndefined();
    for (const progress of kept.history.slice(6)) expect(progress.diagnostics["losses/imitation_loss"]).toBeGreaterThan(0.05);
    expect(kept.history.slice(6).map((progress) => progress.diagnostics["losses/imitation_loss"]).every((loss) => loss !== undefined && loss < Math.log(5))).toBe(true);
    kept.trainer.dispose();
    // A share of the budget: 0.75 of 8 iterations imitates the same 6 as 1,152 env-steps, and keeps its proportion
    // when the budget is cut to 4 iterations (3 imitate).
    const shared = { ...recipe, warmStart: { share: 0.75 } };
    const byShare = trainOnScenario({ algorithm: "ippo", scenario, recipe: shared, expert: await createWarmStartExpert() });
    expect(byShare.history.map((progress) => progress.diagnostics["losses/policy_loss"])).toEqual(result.history.map((progress) => progress.diagnostics["losses/policy_loss"]));
    byShare.trainer.dispose();
    const cut = trainOnScenario({ algorithm: "ippo", scenario, recipe: shared, maxEnvSteps: 96 * 2 * 4, expert: await createWarmStartExpert() });
    expect(cut.history.map((progress) => (progress.diagnostics["losses/policy_loss"] ?? 0) > 0.05)).toEqual([true, true, true, false]);
    cut.trainer.dispose();
    const maddpg = { ...recipe, config: { hiddenSizes: [8] } };
    expect(() => trainOnScenario({ algorithm: "maddpg", scenario, recipe: maddpg, expert: result.trainer.policy() })).toThrow(/maddpg: warm starts from demonstrations are not supported/);
  }, 120_000);
});

describe("forecast features", () => {
  it("train ippo and mappo (mappo's critic reads the block once, from the state); the checkpoint keeps them and evaluates", async () => {
    await selectBackend("cpu");
    const profiles = generateSyntheticProfiles({ days: 4 });
    const config = { forecastFeatures: "lookahead" as const, forecastHorizonHours: 8 };
    const scenario = { ...getScenario("seed"), name: "synthetic", config, trainDays: { first: 0, last: 2 }, testDays: { first: 3, last: 3 }, loadProfiles: () => profiles };
    const directory = mkdtempSync(join(tmpdir(), "grid-forecast-"));
    try {
      for (const algorithm of ["ippo", "mappo"]) {
        const out = join(directory, algorithm);
        const result = trainOnScenario({
          algorithm,
          scenario,
          maxEnvSteps: 96 * 4,
          outDirectory: out,
          recipe: { config: { numEnvs: 2, rolloutSteps: 96, minibatches: 2, epochs: 1, hiddenSizes: [8] } },
        });
        const trainer = result.trainer as ActorCriticTrainer;
        const env = trainer.env;
        expect(env.observationSize).toBe(11 + FORECAST_FEATURE_SIZE);
        expect(trainer.envSteps).toBeGreaterThanOrEqual(96 * 4);
        expect(Number.isFinite(result.evaluation.aggregate.systemCostUsd)).toBe(true);
        const criticWidth = trainer.critic.groups[0].network.spec.inputSize;
        // ippo: observation and role; mappo: state (with the block), role, the agent's own 3 entries.
        expect(criticWidth).toBe(algorithm === "ippo" ? env.observationSize + 3 : env.stateSize + 3 + 3);
        trainer.dispose();
        const manifest = readCheckpoint(out).manifest;
        const saved = parseGridConfig(manifest.envConfig);
        expect(saved).toMatchObject({ forecastFeatures: "lookahead", forecastHorizonHours: 8 });
        const policy = loadPolicy(out);
        const evaluation = evaluatePolicy(policy, { profiles, config: manifest.envConfig, days: scenario.testDays });
        expect(Number.isFinite(evaluation.aggregate.systemCostUsd)).toBe(true);
        // Without the features the policy's input does not fit, and the error says what sets it.
        expect(() => evaluatePolicy(policy, { profiles, config: {}, days: scenario.testDays })).toThrow(/forecastFeatures/);
        policy.dispose();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
