import { createBaseline, type EvaluationResult, evaluatePolicy, IdlePolicy } from "@grid/baselines";
import { dayStartSteps, type GridConfigInput, parseGridConfig, type Policy, type Scenario, startStepsInDays } from "@grid/env";
import { type Trainer, createTrainer } from "./algorithm.js";
import { agentShapeOf } from "./actors.js";
import { type BackendName, currentBackend } from "./backend.js";
import { type CheckpointManifest, readCheckpoint, resumeTrainer, saveCheckpoint } from "./checkpoint.js";
import type { TrainingDiagnostics } from "./diagnostics.js";
import { parseTrainingRecipe, policyEnvConfig, RAW_RECIPE, type TrainingRecipe, type TrainingRecipeInput, trainingEnvConfig, type ViolationPrice } from "./recipe.js";

/** Options of {@link trainOnScenario}. */
export interface TrainOptions {
  /** Registry name of the algorithm (`ippo`). */
  algorithm: string;
  /** The scenario: profiles, environment configuration, training and test days. */
  scenario: Scenario;
  /** Seed of everything random in training (0). */
  seed?: number;
  /** Stop once this many env-steps are trained, at an iteration boundary (default: the recipe's `trainSteps` unless `timeBudgetSeconds` is given). */
  maxEnvSteps?: number;
  /** Stop once training (excluding evaluations) has run this long, seconds. */
  timeBudgetSeconds?: number;
  /**
   * How to train: algorithm configuration, action levels, training-only environment fields, episode starts,
   * curriculum, violation price and budget (see `trainingRecipeSchema`). Default: the algorithm's raw defaults
   * ({@link RAW_RECIPE}); `recipeFor(scenario, algorithm)` derives the recipe the framework trains with.
   */
  recipe?: TrainingRecipeInput;
  /**
   * The demonstrator of a recipe's `warmStart` (the optimum replayed at the nearest levels:
   * {@link createWarmStartExpert}); required when the recipe has one.
   */
  expert?: Policy;
  /** Evaluate the greedy policy on the test days every this many env-steps (0: only at the end). */
  evaluateEveryEnvSteps?: number;
  /** Called after every iteration (and evaluation). */
  onProgress?: (progress: TrainingProgress) => void;
  /** Write a checkpoint here at every evaluation and at the end. */
  outDirectory?: string;
  /** Continue from this checkpoint (its algorithm and recipe win). */
  resumeFrom?: string;
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
  /** The iteration's diagnostics, by CleanRL's names (`losses/value_loss`, `charts/SPS`, ...: see `DIAGNOSTIC_NAMES`). */
  diagnostics: TrainingDiagnostics;
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
  /** The recipe trained with (validated; a resumed run's is its checkpoint's). */
  recipe: TrainingRecipe;
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

/** The recipe's environments: the policy's (training and evaluation) and the training one (aids on top). */
function recipeEnvironments(scenario: Scenario, algorithm: string, recipe: TrainingRecipe): { policyConfig: GridConfigInput; envConfig: GridConfigInput } {
  const policyConfig = policyEnvConfig(scenario.config, algorithm, recipe);
  return { policyConfig, envConfig: trainingEnvConfig(policyConfig, recipe.trainingEnv) };
}

/** Moves the violation price of a recipe's Lagrange multiplier after each iteration (none without one). */
class ViolationPriceController {
  priceUsd: number;
  constructor(
    private readonly price: ViolationPrice | undefined,
    private readonly env: Trainer["env"],
  ) {
    this.priceUsd = price?.initialUsd ?? 0;
    if (price) env.setRewardWeights({ violationStepUsd: this.priceUsd });
  }
  update(violatingPerDay: number): number | undefined {
    const price = this.price;
    if (!price) return undefined;
    this.priceUsd = Math.min(price.maxUsd, Math.max(0, this.priceUsd + price.learningRateUsd * (violatingPerDay - price.targetStepsPerDay)));
    this.env.setRewardWeights({ violationStepUsd: this.priceUsd });
    return this.priceUsd;
  }
}

/**
 * Trains an algorithm on a scenario's training days (episode starts restricted to them) with a recipe, evaluating
 * the greedy policy on its test days with `evaluatePolicy` from @grid/baselines (the one evaluation protocol), in
 * the scenario's environment with the recipe's action levels. The policy reported is the last one: test-day
 * evaluations are for monitoring, never for picking a checkpoint. Select the backend first ({@link selectBackend}).
 */
export function trainOnScenario(options: TrainOptions): TrainResult {
  const scenario = options.scenario;
  const profiles = scenario.loadProfiles();
  const seed = options.seed ?? 0;
  const checkpointRead = options.resumeFrom ? readCheckpoint(options.resumeFrom) : undefined;
  const resumed = checkpointRead?.manifest;
  const recipe = resumed ? parseTrainingRecipe(resumed.recipe ?? RAW_RECIPE, `${options.resumeFrom}: recipe`) : parseTrainingRecipe(options.recipe);
  const algorithm = resumed?.algorithm ?? options.algorithm;
  const { policyConfig, envConfig } = recipeEnvironments(scenario, algorithm, recipe);
  const scenarioConfig = parseGridConfig(policyConfig, `scenario ${scenario.name} config`);
  const trainStartSteps = trainingStartSteps(scenario, recipe.episodeStarts, scenarioConfig.episodeSteps, profiles);
  const setup = { profiles, envConfig, trainStartSteps, seed };
  const trainer = checkpointRead ? resumeTrainer(checkpointRead, setup).trainer : createTrainer(algorithm, setup, recipe.config);
  const backend = currentBackend();
  const evaluationOptions = { profiles, config: policyConfig, days: scenario.testDays };
  const idleReference = evaluatePolicy(new IdlePolicy(), evaluationOptions);
  const evaluate = (): EvaluationResult => evaluatePolicy(trainer.policy(), { ...evaluationOptions, idleReference });
  const save = () =>
    options.outDirectory
      ? saveCheckpoint(options.outDirectory, trainer, { envConfig, recipe, scenario: scenario.name, backend, seed, shape: agentShapeOf(trainer.env) })
      : undefined;
  const maxEnvSteps = options.maxEnvSteps ?? (options.timeBudgetSeconds === undefined ? recipe.trainSteps : undefined) ?? Number.POSITIVE_INFINITY;
  const budgetMs = Math.min(options.timeBudgetSeconds ?? Number.POSITIVE_INFINITY, recipe.maxTrainSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  if (!Number.isFinite(maxEnvSteps) && !Number.isFinite(budgetMs)) throw new Error("trainOnScenario: give maxEnvSteps, timeBudgetSeconds or a recipe with trainSteps");
  if (recipe.warmStart && !options.expert) throw new Error("trainOnScenario: the recipe has a warmStart; pass its expert (await createWarmStartExpert())");
  const loop = trainingLoop(trainer, recipe, { ...options, maxEnvSteps, budgetMs, stepsPerDay: 24 / scenarioConfig.dtHours, evaluate, save });
  const evaluation = evaluate();
  const checkpoint = save() ?? loop.checkpoint;
  const trainingSeconds = loop.trainingMs / 1000;
  return { trainer, backend, recipe, history: loop.history, evaluation, trainingSeconds, envStepsPerSecond: loop.trainedSteps / trainingSeconds, timing: loop.timing, checkpoint };
}

interface LoopOptions {
  maxEnvSteps: number;
  budgetMs: number;
  stepsPerDay: number;
  evaluateEveryEnvSteps?: number;
  onProgress?: (progress: TrainingProgress) => void;
  evaluate: () => EvaluationResult;
  save: () => CheckpointManifest | undefined;
  expert?: Policy;
}

/** Iterates until the budget is spent: the curriculum's switch, the violation price, evaluations, progress. */
function trainingLoop(trainer: Trainer, recipe: TrainingRecipe, options: LoopOptions) {
  const history: TrainingProgress[] = [];
  const timing = { envMs: 0, networkMs: 0, otherMs: 0 };
  let trainingMs = 0;
  let trainedSteps = 0;
  let nextEvaluation = options.evaluateEveryEnvSteps ? options.evaluateEveryEnvSteps : Number.POSITIVE_INFINITY;
  let checkpoint: CheckpointManifest | undefined;
  const { maxEnvSteps, budgetMs } = options;
  const later = recipe.rewardWeightsLater;
  let switched = false;
  const price = new ViolationPriceController(recipe.violationPrice, trainer.env);
  const warmEnd = warmStartEnd(recipe, maxEnvSteps, budgetMs);
  let imitatedSteps = warmEnd ? undefined : 0;
  while (trainedSteps < maxEnvSteps && trainingMs < budgetMs) {
    if (later && !switched && (trainedSteps >= later.fraction * maxEnvSteps || trainingMs >= later.fraction * budgetMs)) {
      trainer.env.setRewardWeights(later.rewardWeights);
      switched = true;
    }
    const countsBefore = { envSteps: trainer.env.counts.envSteps, violatingSteps: trainer.env.counts.violatingSteps };
    const started = performance.now();
    // A warm start imitates the expert until its share of the budget is spent (counted from this run's start).
    if (imitatedSteps === undefined && warmEnd && (trainedSteps >= warmEnd.envSteps || trainingMs >= warmEnd.ms)) imitatedSteps = trainedSteps;
    const stats = trainer.iterate(
      imitatedSteps === undefined ? { expert: options.expert } : { imitationWeight: keptImitationWeight(recipe, trainedSteps - (recipe.warmStart?.envSteps ?? imitatedSteps)) },
    );
    trainingMs += performance.now() - started;
    const stepped = trainer.env.counts.envSteps - countsBefore.envSteps;
    const violatingPerDay = stepped > 0 ? ((trainer.env.counts.violatingSteps - countsBefore.violatingSteps) / stepped) * options.stepsPerDay : 0;
    const priceUsd = price.update(violatingPerDay);
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
      diagnostics: stats.diagnostics,
      trainingViolatingStepsPerDay: violatingPerDay,
      ...(priceUsd === undefined ? {} : { violationPriceUsd: priceUsd }),
    };
    if (trainedSteps >= nextEvaluation) {
      progress.evaluation = summarize(options.evaluate());
      nextEvaluation += options.evaluateEveryEnvSteps ?? Number.POSITIVE_INFINITY;
      checkpoint = options.save() ?? checkpoint;
    }
    history.push(progress);
    options.onProgress?.(progress);
  }
  return { history, timing, trainingMs, trainedSteps, checkpoint };
}

/**
 * Where a warm start ends: its env-steps, or its share of the env-step budget and of the wall-clock budget (whichever
 * comes first); undefined without one. A share of a budget given only in time ends by time alone.
 */
function warmStartEnd(recipe: TrainingRecipe, maxEnvSteps: number, budgetMs: number): { envSteps: number; ms: number } | undefined {
  const warm = recipe.warmStart;
  if (!warm) return undefined;
  if (warm.share === undefined) return { envSteps: warm.envSteps ?? 0, ms: Number.POSITIVE_INFINITY };
  return { envSteps: warm.share * maxEnvSteps, ms: warm.share * budgetMs };
}

/** The weight of a warm start's imitation term `sinceSteps` env-steps after its end (0 without one). */
function keptImitationWeight(recipe: TrainingRecipe, sinceSteps: number): number {
  const warm = recipe.warmStart;
  if (!warm || warm.keepWeight === 0) return 0;
  return warm.keepWeight * 0.5 ** (Math.max(0, sinceSteps) / warm.halfLifeEnvSteps);
}

function summarize(result: EvaluationResult): EvaluationSummary {
  return {
    energyCostUsd: result.aggregate.energyCostUsd,
    systemCostUsd: result.aggregate.systemCostUsd,
    violatingSteps: result.aggregate.violatingSteps,
  };
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

/**
 * The demonstrator of a recipe's `warmStart`: the perfect-foresight optimum, replayed at the nearest action levels,
 * planning against the feeder's limits less the warm start's `limitMarginKw`.
 */
export async function createWarmStartExpert(recipe?: TrainingRecipe): Promise<Policy> {
  return createBaseline("optimal", { discreteReplay: true, limitMarginKw: recipe?.warmStart?.limitMarginKw ?? 0 });
}
