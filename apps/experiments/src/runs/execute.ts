import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { createWarmStartExpert, derivedActionSet, mergeRecipe, parseTrainingRecipe, policyEnvConfig, RAW_RECIPE, recipeFor, selectBackend, type TrainingRecipe, trainOnScenario } from "@grid/algos";
import { createBaseline, type EvaluationResult, evaluatePolicy, listBaselines } from "@grid/baselines";
import { type DayRange, type GridConfigInput, type Policy, parseGridConfig, readGridConfigInput, type Scenario } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import { RECORDED_DAYS, readDayTraces } from "./day-trace.js";
import type { RunExecution } from "./executor.js";
import { comparisonConfig, resolveRunScenario } from "./scenario.js";
import { stressOfRun } from "./stress-run.js";
import type { RunSpec } from "./expand.js";
import type { RunResult } from "./store.js";

/** Points on a learning curve (evaluations during training, the last one at the end). */
const LEARNING_CURVE_POINTS = 6;

/** A learning run's recipe: derived from the run's scenario and setting, raw, or written out; then the overrides. */
export function resolveRunRecipe(spec: RunSpec, scenario: Scenario, profiles: ProfileTable): TrainingRecipe {
  const choice = spec.recipe ?? "derived";
  const base =
    choice === "derived" ? recipeFor(scenario, spec.policy, profiles).recipe : choice === "none" ? RAW_RECIPE : parseTrainingRecipe(choice, `${spec.id}: recipe`);
  return mergeRecipe(base, spec.recipeOverrides, `${spec.id}: recipe`);
}

/**
 * The run's scenario: the preset or dataset (scaled), the setting's environment on top (flat or by concern, read into
 * the flat form here: the study keeps it as written), its test days, profiles loaded once.
 */
function runScenario(spec: RunSpec): { scenario: Scenario; profiles: ProfileTable } {
  const resolved = resolveRunScenario(spec, spec.setting.numConsumers);
  const profiles = resolved.profiles;
  const allTestDays = resolved.scenario.testDays;
  const testDays: DayRange =
    spec.evaluationDays === undefined ? allTestDays : { first: allTestDays.first, last: Math.min(allTestDays.last, allTestDays.first + spec.evaluationDays - 1) };
  const where = `setting ${spec.setting.name}`;
  const config = comparisonConfig({ ...resolved.scenario.config, ...readGridConfigInput(spec.setting.env, where) });
  parseGridConfig(config, where);
  return { scenario: { ...resolved.scenario, config, testDays, loadProfiles: () => profiles }, profiles };
}

/**
 * A learning run: trains with its recipe on `execution.backend` (writing its checkpoint under
 * `execution.checkpointDirectory` when given) and returns the policy, its evaluation and what the result records.
 */
async function trainRun(spec: RunSpec, scenario: Scenario, profiles: ProfileTable, execution: RunExecution) {
  const backend = await selectBackend(execution.backend);
  const checkpoint = checkpointPath(spec, execution.checkpointDirectory);
  const recipe = resolveRunRecipe(spec, scenario, profiles);
  const trainSteps = spec.trainSteps ?? recipe.trainSteps ?? spec.defaultTrainSteps;
  const trained = trainOnScenario({
    algorithm: spec.policy,
    scenario,
    seed: spec.seed,
    maxEnvSteps: trainSteps,
    recipe,
    expert: recipe.warmStart ? await createWarmStartExpert(recipe) : undefined,
    evaluateEveryEnvSteps: Math.ceil(trainSteps / LEARNING_CURVE_POINTS),
    outDirectory: checkpoint,
  });
  const config = policyEnvConfig(scenario.config, spec.policy, recipe);
  const episodeSteps = parseGridConfig(config).episodeSteps;
  const evaluation = trained.evaluation;
  const learningCurve: NonNullable<RunResult["learningCurve"]> = trained.history
    .filter((progress) => progress.evaluation)
    .map((progress) => ({
      envSteps: progress.envSteps,
      energyCostUsd: progress.evaluation?.energyCostUsd ?? Number.NaN,
      systemCostUsd: progress.evaluation?.systemCostUsd ?? Number.NaN,
      violatingSteps: progress.evaluation?.violatingSteps ?? Number.NaN,
      episodeReturn: progress.meanTeamReward * episodeSteps,
      ...(progress.violationPriceUsd === undefined ? {} : { violationPriceUsd: progress.violationPriceUsd }),
      diagnostics: progress.diagnostics,
    }));
  if (learningCurve.at(-1)?.envSteps !== trained.trainer.envSteps) {
    const { energyCostUsd, systemCostUsd, violatingSteps } = evaluation.aggregate;
    const diagnostics = trained.history.at(-1)?.diagnostics;
    learningCurve.push({ envSteps: trained.trainer.envSteps, energyCostUsd, systemCostUsd, violatingSteps, episodeReturn: Number.NaN, diagnostics });
  }
  return {
    policy: trained.trainer.policy(),
    /** Another policy on the trained networks (disposing it leaves them to the trainer). */
    newPolicy: async (): Promise<Policy> => trained.trainer.policy(),
    config,
    evaluation,
    dispose: () => trained.trainer.dispose(),
    recorded: {
      backend,
      recipe,
      trainEnvSteps: trained.trainer.envSteps,
      learningCurve,
      trainEnvStepsPerSecond: trained.envStepsPerSecond,
      ...(checkpoint === undefined ? {} : { checkpoint }),
    },
  };
}

/**
 * A baseline run's policy, with the options its plug-in flags ask for (a seed, the training days), and the
 * configuration it acts in: continuous power for a relaxation, else the scenario's action set or (`baselineActions:
 * derived`) the derived recipe's.
 */
async function baselineRun(spec: RunSpec, scenario: Scenario, profiles: ProfileTable): Promise<{ policy: Policy; config: GridConfigInput }> {
  const info = listBaselines().find((entry) => entry.name === spec.policy);
  let config: GridConfigInput = scenario.config;
  if (info?.continuousRelaxation) config = { ...scenario.config, actionMode: "continuous" as const };
  else if (spec.baselineActions === "derived") {
    const { actionLevels, actionLevelExponent } = derivedActionSet(scenario, profiles);
    config = { ...scenario.config, actionLevels, actionLevelExponent };
  }
  const options = {
    ...(spec.policy === "random" ? { seed: spec.seed } : {}),
    ...(info?.needsTrainingDays ? { trainDays: scenario.trainDays } : {}),
  };
  return { policy: await createBaseline(spec.policy, options), config };
}

/**
 * A run's metrics from its evaluation: the protocol's aggregate, the cost per consumer, flexibility used and comfort
 * overflow summed over the consumers (a policy that saves by curtailing beyond the budget shows it: the optimum
 * respects the budget, the environment only penalises overflow), and the individual outcomes the reward-structure
 * study compares (each role's episode reward under the run's reward structure, the consumers' mean bill).
 */
function evaluationMetrics(evaluation: EvaluationResult): Record<string, number> {
  const numConsumers = evaluation.consumerIds.length;
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(evaluation.aggregate)) if (typeof value === "number") metrics[name] = value;
  metrics.systemCostPerConsumerUsd = evaluation.aggregate.systemCostUsd / numConsumers;
  metrics.flexUsedTotalKwh = sum(evaluation.aggregate.flexUsedKwh);
  metrics.comfortOverflowTotalKwh = sum(evaluation.aggregate.comfortOverflowKwh);
  const rewards = evaluation.aggregate.agentReward;
  metrics.consumerRewardMean = sum(rewards.slice(0, numConsumers)) / numConsumers;
  metrics.producerReward = rewards[numConsumers];
  metrics.operatorReward = rewards[numConsumers + 1];
  metrics.consumerBillMeanUsd = sum(evaluation.aggregate.billUsd) / numConsumers;
  metrics.numConsumers = numConsumers;
  return metrics;
}

/**
 * Executes one run: builds its scenario and setting, trains the algorithm with its recipe (learning runs) or
 * constructs the baseline, and evaluates the policy with the evaluation protocol on the scenario's test days.
 * `execution` says how (the backend, where checkpoints go); it never changes what a run computes on one backend.
 */
export async function executeRun(spec: RunSpec, execution: RunExecution = {}): Promise<RunResult> {
  const started = performance.now();
  const { scenario, profiles } = runScenario(spec);
  const testDays = scenario.testDays;
  const learned = spec.kind === "algorithm" ? await trainRun(spec, scenario, profiles, execution) : undefined;
  const { policy, config } = learned ?? (await baselineRun(spec, scenario, profiles));
  let evaluation: EvaluationResult | undefined = learned?.evaluation;
  const dispose = learned?.dispose;
  const backend = learned?.recorded.backend ?? "none";

  // Baselines are evaluated here on every test day; the first RECORDED_DAYS days' step traces are kept for the
  // report's day viewer. Learned policies were evaluated by trainOnScenario; only those days are stepped again.
  const traceDirectory = mkdtempSync(join(tmpdir(), "grid-run-"));
  let days: RunResult["days"];
  let stress: RunResult["stress"];
  try {
    const traceCsvPath = join(traceDirectory, "trace.csv");
    const tracedDays = evaluation ? { first: testDays.first, last: Math.min(testDays.last, testDays.first + RECORDED_DAYS - 1) } : testDays;
    const traced = evaluatePolicy(policy, { profiles, config, days: tracedDays, seed: spec.seed, traceCsvPath });
    evaluation ??= traced;
    const physics = parseGridConfig(config);
    days = readDayTraces(readFileSync(traceCsvPath, "utf8"), {
      stepHours: physics.dtHours,
      feederCapacityKw: physics.feederCapacityKw,
      exportLimitKw: physics.exportLimitKw,
      consumerIds: traced.consumerIds,
      timeZone: profiles.timeZone ?? "UTC",
    });
    const newPolicy = learned?.newPolicy ?? (async () => (await baselineRun(spec, scenario, profiles)).policy);
    stress = await stressOfRun(spec, newPolicy, { scenario, profiles, config });
  } finally {
    rmSync(traceDirectory, { recursive: true, force: true });
    policy.dispose?.();
    dispose?.();
  }
  const metrics = evaluationMetrics(evaluation);
  const wallSeconds = (performance.now() - started) / 1000;
  metrics.wallSeconds = wallSeconds;
  const trainEnvStepsPerSecond = learned?.recorded.trainEnvStepsPerSecond;
  if (trainEnvStepsPerSecond !== undefined) metrics.trainEnvStepsPerSecond = trainEnvStepsPerSecond;
  return {
    spec,
    backend,
    metrics,
    consumers: { billUsd: evaluation.aggregate.billUsd, flexUsedKwh: evaluation.aggregate.flexUsedKwh },
    agentRewards: evaluation.aggregate.agentReward,
    ...(learned ? { recipe: learned.recorded.recipe, trainEnvSteps: learned.recorded.trainEnvSteps, learningCurve: learned.recorded.learningCurve } : {}),
    ...(learned?.recorded.checkpoint === undefined ? {} : { checkpoint: learned.recorded.checkpoint }),
    ...(stress === undefined ? {} : { stress }),
    days,
    wallSeconds,
    trainEnvStepsPerSecond,
    finishedAt: new Date().toISOString(),
  };
}

/**
 * Where a learning run's checkpoint goes: `<directory>/<run id>/`. The directory must exist already: the
 * coordinator makes it, and a queue worker that does not see it has not mounted the shared directory.
 */
function checkpointPath(spec: RunSpec, directory: string | undefined): string | undefined {
  if (directory === undefined) return undefined;
  if (!existsSync(directory)) {
    throw new Error(
      `checkpoint directory ${directory} does not exist on ${hostname()}: queued runs need a directory every worker shares, mounted at the same path`,
    );
  }
  return join(directory, spec.id);
}

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((total, value) => total + value, 0);
