import { type EvaluationResult, evaluatePolicy, IdlePolicy } from "@grid/baselines";
import { dayStartSteps, type GridConfigInput, parseGridConfig, type RewardWeights, type Scenario, startStepsInDays } from "@grid/env";
import { type Trainer, createTrainer } from "./algorithm.js";
import { agentShapeOf } from "./actors.js";
import { type BackendName, currentBackend } from "./backend.js";
import { type CheckpointManifest, resumeTrainer, saveCheckpoint } from "./checkpoint.js";

/** Options of {@link trainOnScenario}. */
export interface TrainOptions {
  /** Registry name of the algorithm (`ippo`). */
  algorithm: string;
  /** The scenario: profiles, environment configuration, training and test days. */
  scenario: Scenario;
  /** Seed of everything random in training (0). */
  seed?: number;
  /** Stop once this many env-steps are trained (at an iteration boundary). */
  maxEnvSteps?: number;
  /** Stop once training (excluding evaluations) has run this long, seconds. */
  timeBudgetSeconds?: number;
  /** Algorithm configuration on top of its defaults. */
  config?: Record<string, unknown>;
  /**
   * Environment settings for training only, on top of the scenario's (e.g. `{ rewardStructure: "team" }`), with
   * `rewardWeights` merged field by field. Evaluation always uses the scenario's.
   */
  trainingEnvConfig?: GridConfigInput;
  /**
   * Where training episodes start: `any-step` (the default), at any step of the training days (episodes cross
   * midnight); `day-start`, only at the first step of a training day, as every evaluation episode does (a day's
   * flexibility budget and battery then run from midnight to midnight, as they are judged). Measured on `seed`
   * (benchmarks/RESULTS.md): `day-start` alone did not change what ippo and mappo learned.
   */
  episodeStarts?: "day-start" | "any-step";
  /**
   * A training-reward curriculum: once this fraction of the training budget (`maxEnvSteps`, else
   * `timeBudgetSeconds`) is spent, these reward weights replace the training environment's (e.g. penalties
   * raised after the battery has learned to cycle). Evaluation is unaffected.
   */
  rewardWeightsLater?: { fraction: number; rewardWeights: Partial<RewardWeights> };
  /**
   * A Lagrange multiplier on the feeder's limits (constrained RL, as in PPO-Lagrangian): the training reward's
   * `violationStepUsd` becomes a price, adjusted after every iteration by a step of gradient ascent on the constraint:
   * price = min(maxUsd, max(0, price + learningRateUsd x (violating steps per day in that iteration's rollouts -
   * targetStepsPerDay))). It rises while training episodes overload the feeder and falls once they stop. Evaluation
   * is unaffected; each progress record has the price and the rate. A resumed run starts again at `initialUsd`.
   */
  violationPrice?: ViolationPriceOptions;
  /** Evaluate the greedy policy on the test days every this many env-steps (0: only at the end). */
  evaluateEveryEnvSteps?: number;
  /** Called after every iteration (and evaluation). */
  onProgress?: (progress: TrainingProgress) => void;
  /** Write a checkpoint here at every evaluation and at the end. */
  outDirectory?: string;
  /** Continue from this checkpoint (its algorithm, configuration and training environment win). */
  resumeFrom?: string;
}

/** Options of {@link TrainOptions.violationPrice}. */
export interface ViolationPriceOptions {
  /** $ per violating step added to the price per violating step a day above the target, per iteration (> 0). */
  learningRateUsd: number;
  /** Violating steps per day the price aims at (0). */
  targetStepsPerDay?: number;
  /** The price at the start, $ per violating step (0). */
  initialUsd?: number;
  /** The price never goes above this, $ per violating step (10). */
  maxUsd?: number;
}

/** Figures after one iteration. */
export interface TrainingProgress {
  envSteps: number;
  iterations: number;
  /** Training wall time so far (evaluations excluded), seconds. */
  elapsedSeconds: number;
  /** Env-steps per second of training wall time so far. */
  envStepsPerSecond: number;
  meanReward: number;
  meanTeamReward: number;
  losses: Record<string, number>;
  /** Violating steps per day (96 steps at 15 minutes) in this iteration's training rollouts. */
  trainingViolatingStepsPerDay: number;
  /** With `violationPrice`: the price after this iteration, $ per violating step. */
  violationPriceUsd?: number;
  /** Set on iterations followed by an evaluation on the test days. */
  evaluation?: EvaluationSummary;
}

/** The headline figures of an evaluation (per day: episodes are days). */
export interface EvaluationSummary {
  energyCostUsd: number;
  systemCostUsd: number;
  violatingSteps: number;
}

/** What {@link trainOnScenario} returns. */
export interface TrainResult {
  trainer: Trainer;
  backend: BackendName;
  history: TrainingProgress[];
  /** The final greedy policy on the test days, by the evaluation protocol of @grid/baselines. */
  evaluation: EvaluationResult;
  /** Training wall time (evaluations excluded), seconds. */
  trainingSeconds: number;
  envStepsPerSecond: number;
  /** Where training time went, ms. */
  timing: { envMs: number; networkMs: number; otherMs: number };
  /** The last checkpoint written, when `outDirectory` was given. */
  checkpoint?: CheckpointManifest;
}

/**
 * Trains an algorithm on a scenario's training days (episode starts restricted to them), evaluating the greedy
 * policy on its test days with `evaluatePolicy` from @grid/baselines (the one evaluation protocol). The policy
 * reported is the last one: test-day evaluations are for monitoring, never for picking a checkpoint.
 * Select the backend first ({@link selectBackend}).
 */
export function trainOnScenario(options: TrainOptions): TrainResult {
  const scenario = options.scenario;
  const profiles = scenario.loadProfiles();
  const seed = options.seed ?? 0;
  const scenarioConfig = parseGridConfig(scenario.config, `scenario ${scenario.name} config`);
  const envConfig: GridConfigInput = { ...scenario.config, ...options.trainingEnvConfig };
  // Reward weights merge field by field: a training reward's weights leave the scenario's other weights alone.
  if (scenario.config.rewardWeights && options.trainingEnvConfig?.rewardWeights) {
    envConfig.rewardWeights = { ...scenario.config.rewardWeights, ...options.trainingEnvConfig.rewardWeights };
  }
  const trainStartSteps = trainingStartSteps(scenario, options.episodeStarts ?? "any-step", scenarioConfig.episodeSteps, profiles);
  const setup = { profiles, envConfig, trainStartSteps, seed };
  const trainer = options.resumeFrom ? resumeTrainer(options.resumeFrom, setup).trainer : createTrainer(options.algorithm, setup, options.config ?? {});
  const backend = currentBackend();
  const evaluationOptions = { profiles, config: scenario.config, days: scenario.testDays };
  const idleReference = evaluatePolicy(new IdlePolicy(), evaluationOptions);
  const evaluate = (): EvaluationResult => evaluatePolicy(trainer.policy(), { ...evaluationOptions, idleReference });
  const summarize = (result: EvaluationResult): EvaluationSummary => ({
    energyCostUsd: result.aggregate.energyCostUsd,
    systemCostUsd: result.aggregate.systemCostUsd,
    violatingSteps: result.aggregate.violatingSteps,
  });
  const save = () =>
    options.outDirectory
      ? saveCheckpoint(options.outDirectory, trainer, { envConfig, scenario: scenario.name, backend, seed, shape: agentShapeOf(trainer.env) })
      : undefined;

  const history: TrainingProgress[] = [];
  const timing = { envMs: 0, networkMs: 0, otherMs: 0 };
  let trainingMs = 0;
  let trainedSteps = 0;
  let nextEvaluation = options.evaluateEveryEnvSteps ? options.evaluateEveryEnvSteps : Number.POSITIVE_INFINITY;
  let checkpoint: CheckpointManifest | undefined;
  const maxEnvSteps = options.maxEnvSteps ?? Number.POSITIVE_INFINITY;
  const budgetMs = (options.timeBudgetSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  if (!Number.isFinite(maxEnvSteps) && !Number.isFinite(budgetMs)) throw new Error("trainOnScenario: give maxEnvSteps or timeBudgetSeconds");
  const later = options.rewardWeightsLater;
  if (later && !(later.fraction >= 0 && later.fraction <= 1)) throw new Error(`rewardWeightsLater.fraction: ${later.fraction}; expected a number in [0, 1]`);
  let switched = false;
  const price = options.violationPrice === undefined ? undefined : checkViolationPrice(options.violationPrice);
  let priceUsd = price?.initialUsd ?? 0;
  if (price) trainer.env.setRewardWeights({ violationStepUsd: priceUsd });
  const stepsPerDay = 24 / scenarioConfig.dtHours;
  while (trainedSteps < maxEnvSteps && trainingMs < budgetMs) {
    if (later && !switched && (trainedSteps >= later.fraction * maxEnvSteps || trainingMs >= later.fraction * budgetMs)) {
      trainer.env.setRewardWeights(later.rewardWeights);
      switched = true;
    }
    const countsBefore = { envSteps: trainer.env.counts.envSteps, violatingSteps: trainer.env.counts.violatingSteps };
    const started = performance.now();
    const stats = trainer.iterate();
    trainingMs += performance.now() - started;
    const steppedInIteration = trainer.env.counts.envSteps - countsBefore.envSteps;
    const violatingPerDay = steppedInIteration > 0 ? ((trainer.env.counts.violatingSteps - countsBefore.violatingSteps) / steppedInIteration) * stepsPerDay : 0;
    if (price) {
      priceUsd = Math.min(price.maxUsd, Math.max(0, priceUsd + price.learningRateUsd * (violatingPerDay - price.targetStepsPerDay)));
      trainer.env.setRewardWeights({ violationStepUsd: priceUsd });
    }
    trainedSteps += stats.envSteps;
    timing.envMs += stats.envMs;
    timing.networkMs += stats.networkMs;
    timing.otherMs += stats.otherMs;
    const progress: TrainingProgress = {
      envSteps: trainer.envSteps,
      iterations: history.length + 1,
      elapsedSeconds: trainingMs / 1000,
      envStepsPerSecond: trainedSteps / (trainingMs / 1000),
      meanReward: stats.meanReward,
      meanTeamReward: stats.meanTeamReward,
      losses: stats.losses,
      trainingViolatingStepsPerDay: violatingPerDay,
      ...(price ? { violationPriceUsd: priceUsd } : {}),
    };
    if (trainedSteps >= nextEvaluation) {
      progress.evaluation = summarize(evaluate());
      nextEvaluation += options.evaluateEveryEnvSteps ?? Number.POSITIVE_INFINITY;
      checkpoint = save() ?? checkpoint;
    }
    history.push(progress);
    options.onProgress?.(progress);
  }
  const evaluation = evaluate();
  checkpoint = save() ?? checkpoint;
  return {
    trainer,
    backend,
    history,
    evaluation,
    trainingSeconds: trainingMs / 1000,
    envStepsPerSecond: trainedSteps / (trainingMs / 1000),
    timing,
    checkpoint,
  };
}

function checkViolationPrice(options: ViolationPriceOptions): Required<ViolationPriceOptions> {
  const checked = { targetStepsPerDay: 0, initialUsd: 0, maxUsd: 10, ...options };
  const problems: string[] = [];
  const known = ["learningRateUsd", "targetStepsPerDay", "initialUsd", "maxUsd"];
  for (const field of Object.keys(options)) if (!known.includes(field)) problems.push(`${field}: unknown field; expected ${known.join(", ")}`);
  if (!(checked.learningRateUsd > 0 && Number.isFinite(checked.learningRateUsd))) problems.push(`learningRateUsd: ${checked.learningRateUsd}; expected a finite number > 0`);
  for (const field of ["targetStepsPerDay", "initialUsd", "maxUsd"] as const) {
    if (!(checked[field] >= 0 && Number.isFinite(checked[field]))) problems.push(`${field}: ${checked[field]}; expected a finite number >= 0`);
  }
  if (checked.initialUsd > checked.maxUsd) problems.push(`initialUsd: ${checked.initialUsd} is above maxUsd ${checked.maxUsd}`);
  if (problems.length > 0) throw new Error(`violationPrice: ${problems.join("; ")}`);
  return checked;
}

/**
 * The steps training episodes may start at: every step of the scenario's training days whose episode fits inside
 * them (`any-step`), or only the first step of each training day among those (`day-start`).
 */
export function trainingStartSteps(
  scenario: Scenario,
  episodeStarts: "day-start" | "any-step",
  episodeSteps: number,
  profiles = scenario.loadProfiles(),
): Int32Array {
  const anyStep = startStepsInDays(profiles, scenario.trainDays, episodeSteps);
  if (episodeStarts === "any-step") return anyStep;
  const lastStart = anyStep[anyStep.length - 1];
  const starts = dayStartSteps(profiles, scenario.trainDays).filter((step) => step <= lastStart);
  if (starts.length === 0) {
    throw new Error(`episodeStarts "day-start": no day of ${scenario.name}'s training days ${scenario.trainDays.first}-${scenario.trainDays.last} can start an episode of ${episodeSteps} steps; use "any-step"`);
  }
  return starts;
}
