import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrainer, getAlgorithm, selectBackend } from "@grid/algos";
import { createBaseline, type EvaluationResult, evaluatePolicy, listBaselines } from "@grid/baselines";
import { type DayRange, type GridConfigInput, type Policy, parseGridConfig, startStepsInDays } from "@grid/env";
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
  const { scenario, profiles } = resolveRunScenario(spec.scenario, spec.setting.numConsumers);
  const envConfig: GridConfigInput = { ...scenario.config, ...spec.setting.env };
  parseGridConfig(envConfig, `setting ${spec.setting.name}`);
  const testDays: DayRange =
    spec.evaluationDays === undefined
      ? scenario.testDays
      : { first: scenario.testDays.first, last: Math.min(scenario.testDays.last, scenario.testDays.first + spec.evaluationDays - 1) };

  let policy: Policy;
  let evaluationConfig = envConfig;
  let backend = "none";
  let learningCurve: RunResult["learningCurve"];
  let trainEnvStepsPerSecond: number | undefined;
  let dispose: (() => void) | undefined;
  if (spec.kind === "baseline") {
    const info = listBaselines().find((entry) => entry.name === spec.policy);
    if (info?.continuousRelaxation) evaluationConfig = { ...envConfig, actionMode: "continuous" };
    policy = await createBaseline(spec.policy, spec.policy === "random" ? { seed: spec.seed } : {});
  } else {
    backend = await selectBackend();
    const definition = getAlgorithm(spec.policy);
    if (!definition.flags.discreteActions) evaluationConfig = { ...envConfig, actionMode: "continuous" };
    const trainer = createTrainer(
      spec.policy,
      {
        profiles,
        envConfig: evaluationConfig,
        trainStartSteps: startStepsInDays(profiles, scenario.trainDays, parseGridConfig(evaluationConfig).episodeSteps),
        seed: spec.seed,
      },
      spec.policyConfig,
    );
    dispose = () => trainer.dispose();
    learningCurve = [];
    const trainingStarted = performance.now();
    let evaluationMs = 0;
    let nextPoint = spec.trainSteps / LEARNING_CURVE_POINTS;
    let rewardSum = 0;
    let iterations = 0;
    while (trainer.envSteps < spec.trainSteps) {
      const stats = trainer.iterate();
      rewardSum += stats.meanTeamReward;
      iterations++;
      if (trainer.envSteps >= nextPoint || trainer.envSteps >= spec.trainSteps) {
        const evaluationStarted = performance.now();
        const point = evaluatePolicy(trainer.policy(), { profiles, config: evaluationConfig, days: testDays });
        evaluationMs += performance.now() - evaluationStarted;
        learningCurve.push({
          envSteps: trainer.envSteps,
          energyCostUsd: point.aggregate.energyCostUsd,
          systemCostUsd: point.aggregate.systemCostUsd,
          episodeReturn: (rewardSum / Math.max(iterations, 1)) * parseGridConfig(evaluationConfig).episodeSteps,
        });
        rewardSum = 0;
        iterations = 0;
        nextPoint += spec.trainSteps / LEARNING_CURVE_POINTS;
      }
    }
    trainEnvStepsPerSecond = trainer.envSteps / ((performance.now() - trainingStarted - evaluationMs) / 1000);
    policy = trainer.policy();
  }

  const traceDirectory = mkdtempSync(join(tmpdir(), "grid-run-"));
  let evaluation: EvaluationResult;
  let trace: RunResult["trace"];
  try {
    const traceCsvPath = join(traceDirectory, "trace.csv");
    evaluation = evaluatePolicy(policy, { profiles, config: evaluationConfig, days: testDays, seed: spec.seed, traceCsvPath });
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
  metrics.numConsumers = numConsumers;
  const wallSeconds = (performance.now() - started) / 1000;
  metrics.wallSeconds = wallSeconds;
  if (trainEnvStepsPerSecond !== undefined) metrics.trainEnvStepsPerSecond = trainEnvStepsPerSecond;
  return {
    spec,
    backend,
    metrics,
    consumers: { billUsd: evaluation.aggregate.billUsd, flexUsedKwh: evaluation.aggregate.flexUsedKwh },
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
