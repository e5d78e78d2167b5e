import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAlgorithm, selectBackend, trainOnScenario } from "@grid/algos";
import { createBaseline, type EvaluationResult, evaluatePolicy, listBaselines } from "@grid/baselines";
import { type DayRange, type GridConfigInput, type Policy, parseGridConfig, type Scenario } from "@grid/env";
import { resolveRunScenario } from "./scenario.js";
import type { RunSpec } from "./expand.js";
import type { RunResult } from "./store.js";

/** Points on a learning curve (evaluations during training, the last one at the end). */
const LEARNING_CURVE_POINTS = 6;

/**
 * Executes one run: builds its scenario and setting, trains the algorithm (learning runs) or constructs the
 * baseline, and evaluates the policy with the evaluation protocol on the scenario's test days.
 */
export async function executeRun(spec: RunSpec): Promise<RunResult> {
  const started = performance.now();
  const resolved = resolveRunScenario(spec.scenario, spec.setting.numConsumers);
  const profiles = resolved.profiles;
  const testDays: DayRange =
    spec.evaluationDays === undefined
      ? resolved.scenario.testDays
      : {
          first: resolved.scenario.testDays.first,
          last: Math.min(resolved.scenario.testDays.last, resolved.scenario.testDays.first + spec.evaluationDays - 1),
        };
  // The run's scenario: the preset (scaled), the setting's environment on top, its test days, profiles loaded once.
  const scenario: Scenario = {
    ...resolved.scenario,
    config: { ...resolved.scenario.config, ...spec.setting.env },
    testDays,
    loadProfiles: () => profiles,
  };
  parseGridConfig(scenario.config, `setting ${spec.setting.name}`);

  let policy: Policy;
  let config: GridConfigInput = scenario.config;
  let backend = "none";
  let learningCurve: RunResult["learningCurve"];
  let trainEnvStepsPerSecond: number | undefined;
  let evaluation: EvaluationResult | undefined;
  let dispose: (() => void) | undefined;
  if (spec.kind === "baseline") {
    const info = listBaselines().find((entry) => entry.name === spec.policy);
    if (info?.continuousRelaxation) config = { ...config, actionMode: "continuous" };
    policy = await createBaseline(spec.policy, spec.policy === "random" ? { seed: spec.seed } : {});
  } else {
    backend = await selectBackend();
    if (!getAlgorithm(spec.policy).flags.discreteActions) config = { ...config, actionMode: "continuous" };
    else {
      if (spec.actionLevels !== undefined) config = { ...config, actionLevels: spec.actionLevels };
      if (spec.actionLevelExponent !== undefined) config = { ...config, actionLevelExponent: spec.actionLevelExponent };
    }
    const trained = trainOnScenario({
      algorithm: spec.policy,
      scenario: { ...scenario, config },
      seed: spec.seed,
      maxEnvSteps: spec.trainSteps,
      config: spec.policyConfig,
      trainingEnvConfig: spec.trainingEnv,
      episodeStarts: spec.episodeStarts,
      rewardWeightsLater: spec.rewardWeightsLater,
      violationPrice: spec.violationPrice,
      evaluateEveryEnvSteps: Math.ceil(spec.trainSteps / LEARNING_CURVE_POINTS),
    });
    dispose = () => trained.trainer.dispose();
    policy = trained.trainer.policy();
    evaluation = trained.evaluation;
    trainEnvStepsPerSecond = trained.envStepsPerSecond;
    learningCurve = trained.history
      .filter((progress) => progress.evaluation)
      .map((progress) => ({
        envSteps: progress.envSteps,
        energyCostUsd: progress.evaluation?.energyCostUsd ?? Number.NaN,
        systemCostUsd: progress.evaluation?.systemCostUsd ?? Number.NaN,
        violatingSteps: progress.evaluation?.violatingSteps ?? Number.NaN,
        episodeReturn: progress.meanTeamReward * parseGridConfig(config).episodeSteps,
        ...(progress.violationPriceUsd === undefined ? {} : { violationPriceUsd: progress.violationPriceUsd }),
      }));
    if (learningCurve.at(-1)?.envSteps !== trained.trainer.envSteps) learningCurve.push({
      envSteps: trained.trainer.envSteps,
      energyCostUsd: evaluation.aggregate.energyCostUsd,
      systemCostUsd: evaluation.aggregate.systemCostUsd,
      violatingSteps: evaluation.aggregate.violatingSteps,
      episodeReturn: Number.NaN,
    });
  }

  // Baselines are evaluated here on every test day; the first day's step trace is kept for the report's figure.
  // Learned policies were evaluated by trainOnScenario; only their first day is stepped again, for the trace.
  const traceDirectory = mkdtempSync(join(tmpdir(), "grid-run-"));
  let trace: RunResult["trace"];
  try {
    const traceCsvPath = join(traceDirectory, "trace.csv");
    const days = evaluation ? { first: testDays.first, last: testDays.first } : testDays;
    const traced = evaluatePolicy(policy, { profiles, config, days, seed: spec.seed, traceCsvPath });
    evaluation ??= traced;
    trace = firstEpisodeTrace(readFileSync(traceCsvPath, "utf8"));
  } finally {
    rmSync(traceDirectory, { recursive: true, force: true });
    policy.dispose?.();
    dispose?.();
  }
  const numConsumers = evaluation.consumerIds.length;
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(evaluation.aggregate)) if (typeof value === "number") metrics[name] = value;
  metrics.systemCostPerConsumerUsd = evaluation.aggregate.systemCostUsd / numConsumers;
  // Per-consumer arrays summed over consumers: a policy that saves by curtailing beyond the flexibility budget
  // shows it here (the optimum respects the budget; the environment only penalises overflow).
  metrics.flexUsedTotalKwh = sum(evaluation.aggregate.flexUsedKwh);
  metrics.comfortOverflowTotalKwh = sum(evaluation.aggregate.comfortOverflowKwh);
  // Individual outcomes (the reward-structure study): each agent's episode reward under the run's reward
  // structure, and the consumers' mean bill.
  const rewards = evaluation.aggregate.agentReward;
  metrics.consumerRewardMean = sum(rewards.slice(0, numConsumers)) / numConsumers;
  metrics.producerReward = rewards[numConsumers];
  metrics.operatorReward = rewards[numConsumers + 1];
  metrics.consumerBillMeanUsd = sum(evaluation.aggregate.billUsd) / numConsumers;
  metrics.numConsumers = numConsumers;
  const wallSeconds = (performance.now() - started) / 1000;
  metrics.wallSeconds = wallSeconds;
  if (trainEnvStepsPerSecond !== undefined) metrics.trainEnvStepsPerSecond = trainEnvStepsPerSecond;
  return {
    spec,
    backend,
    metrics,
    consumers: { billUsd: evaluation.aggregate.billUsd, flexUsedKwh: evaluation.aggregate.flexUsedKwh },
    agentRewards: evaluation.aggregate.agentReward,
    learningCurve,
    trace,
    wallSeconds,
    trainEnvStepsPerSecond,
    finishedAt: new Date().toISOString(),
  };
}

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((total, value) => total + value, 0);

/** The first evaluated day's feeder import, state of charge and retail price, from the evaluation's trace CSV. */
function firstEpisodeTrace(csv: string): RunResult["trace"] {
  const [headerLine, ...lines] = csv.trimEnd().split("\n");
  const header = headerLine.split(",");
  const column = (name: string) => header.indexOf(name);
  const episode = column("episode");
  const trace = { netImportKw: [] as number[], batterySoc: [] as number[], retailPrice: [] as number[] };
  for (const line of lines) {
    const cells = line.split(",");
    if (cells[episode] !== "0") continue;
    trace.netImportKw.push(Number(cells[column("netImportKw")]));
    trace.batterySoc.push(Number(cells[column("batterySoc")]));
    trace.retailPrice.push(Number(cells[column("retailPriceUsdPerKwh")]));
  }
  return trace;
}
