import { actionsSchema, ConfigError, type GridConfigInput, physicsSchema, rewardSchema, rewardWeightsSchema, zodProblems } from "@grid/env";
import { z } from "zod";
import { getAlgorithm } from "./algorithm.js";

/** A zod object's fields, each optional with no default (what a user writes over a filled-in configuration). */
function overridesOf<Shape extends Record<string, z.ZodType>>(shape: Shape) {
  const fields: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(shape)) {
    fields[name] = (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional();
  }
  return z.object(fields as { [Key in keyof Shape]: z.ZodOptional<z.ZodType<z.output<Shape[Key]>, z.input<Shape[Key]>>> }).strict();
}

const reward = rewardSchema.shape;
const actions = actionsSchema.shape;

/** Reward weights written over the scenario's, field by field (`{ congestionUsdPerKwh: 2 }`). */
export const rewardWeightOverridesSchema = overridesOf(rewardWeightsSchema.shape);

/**
 * The environment fields a recipe may change for training only. Evaluation never sees them: every policy is judged
 * on the scenario's and the setting's environment. They are the training aids of `GridConfig` (its docs mark them
 * "a training-reward option" or "a training aid").
 */
export const trainingEnvSchema = z
  .object({
    /** The reward the learners train on (`difference`: each agent's marginal contribution to the team). */
    rewardStructure: reward.rewardStructure.unwrap().optional(),
    /** `mixed` rewards: weight on the team reward. */
    rewardAlpha: reward.rewardAlpha.unwrap().optional(),
    /** Price of the energy cost inside the team reward (`day-ahead`: the system cost the metrics judge). */
    teamCostPrice: reward.teamCostPrice.unwrap().optional(),
    /** Difference rewards: every agent also bears the step's violation costs. */
    differenceSharesViolations: reward.differenceSharesViolations.unwrap().optional(),
    /** Exploring starts: spread of the initial state of charge of training episodes. */
    initialSocSpread: physicsSchema.shape.initialSocSpread.unwrap().optional(),
    /** Training reward weights (penalties, shaping potentials), merged over the scenario's field by field. */
    rewardWeights: rewardWeightOverridesSchema.optional(),
  })
  .strict();

/** The Lagrange multiplier on the feeder's limits (see {@link TrainingRecipe}'s `violationPrice`). */
export const violationPriceSchema = z
  .object({
    /** $ per violating step added to the price per violating step a day above the target, per iteration (> 0). */
    learningRateUsd: z.number().finite().positive(),
    /** Violating steps per day the price aims at (0). */
    targetStepsPerDay: z.number().finite().nonnegative().default(0),
    /** The price at the start, $ per violating step (0). */
    initialUsd: z.number().finite().nonnegative().default(0),
    /** The price never goes above this, $ per violating step (10). */
    maxUsd: z.number().finite().nonnegative().default(10),
  })
  .strict()
  .refine((price) => price.initialUsd <= price.maxUsd, { message: "initialUsd is above maxUsd", path: ["initialUsd"] });

/**
 * How one algorithm trains on one scenario: everything that is not the physics the policies are judged on. One type
 * for study files, `grid train --recipe`, {@link trainOnScenario} and checkpoints; {@link recipeFor} derives one from
 * a scenario's training days.
 */
export const trainingRecipeSchema = z
  .object({
    /** Algorithm configuration fields over the algorithm's defaults (validated by its own schema). */
    config: z.record(z.string(), z.unknown()).default({}),
    /**
     * Discrete action levels the learner acts on, in training and evaluation alike (default: the scenario's). Part of
     * the policy, not of the physics.
     */
    actionLevels: actions.actionLevels.unwrap().optional(),
    /** Spacing of those levels (1 even, 2 denser near 0: the environment's `actionLevelExponent`). */
    actionLevelExponent: actions.actionLevelExponent.unwrap().optional(),
    /** Environment fields for training only (see {@link trainingEnvSchema}). */
    trainingEnv: trainingEnvSchema.default({}),
    /**
     * Where training episodes start: `any-step` of the training days (episodes cross midnight), or `day-start`, each
     * training day's first step, as every evaluation episode does.
     */
    episodeStarts: z.enum(["any-step", "day-start"]).default("any-step"),
    /**
     * A training-reward curriculum: once `fraction` of the training budget is spent, these reward weights replace
     * the training environment's (e.g. the penalties raised after the battery has learned to cycle).
     */
    rewardWeightsLater: z.object({ fraction: z.number().min(0).max(1), rewardWeights: rewardWeightOverridesSchema }).strict().optional(),
    /**
     * A Lagrange multiplier on the feeder's limits (constrained RL, as PPO-Lagrangian): the training reward's
     * `violationStepUsd` becomes a price moved after every iteration by learningRateUsd x (violating steps per day in
     * that iteration's rollouts - targetStepsPerDay), within [0, maxUsd]. Evaluation is unaffected.
     */
    violationPrice: violationPriceSchema.optional(),
    /**
     * A warm start: before reinforcement learning, the learner imitates the perfect-foresight optimum's plans on
     * training days (its rollouts replay each day's optimal plan at the nearest action levels; the actor learns the
     * plan's actions by cross-entropy, the critic its returns), then trains as usual. The optimum's foresight is used
     * on training days only, as demonstrations: the policy still acts on its own observations, and no test day is
     * seen. Its length is `envSteps`, or `share` of the budget; the env-steps count in the budget.
     */
    warmStart: z
      .object({
        /** Env-steps of imitation, counted from the run's start. */
        envSteps: z.number().int().min(1).optional(),
        /**
         * Or this share of the budget (0-1]: of `trainSteps` (or `grid train --steps`) and of the wall-clock budget
         * (`maxTrainSeconds`, `--time`), whichever ends first, so a budget cut short keeps its proportions.
         */
        share: z.number().finite().gt(0).max(1).optional(),
        /**
         * Weight of an imitation term during the fine-tuning that follows (0: none, plain PPO; DAPG's lambda_0): the
         * loss adds this x the cross-entropy of the demonstrations' actions, halving every `halfLifeEnvSteps`.
         */
        keepWeight: z.number().finite().nonnegative().default(0),
        /** Env-steps after the warm start over which the imitation term halves (200,000). */
        halfLifeEnvSteps: z.number().int().min(1).default(200_000),
        /** The demonstrations plan against the feeder's limits less this margin, kW (0), so the imitation keeps off them. */
        limitMarginKw: z.number().finite().nonnegative().default(0),
      })
      .strict()
      .refine((warm) => (warm.envSteps === undefined) !== (warm.share === undefined), { message: "give one of envSteps and share", path: ["envSteps"] })
      .optional(),
    /** Training env-steps (the budget; `grid train --steps` and a study's `--steps` override it). */
    trainSteps: z.number().int().min(1).optional(),
    /**
     * A wall-clock cap on training, seconds (evaluations excluded): training stops at `trainSteps` or at this,
     * whichever comes first. For budgets fair in compute across sizes (the agent-count study); a run stopped by it
     * depends on the machine's speed, and records the env-steps it reached.
     */
    maxTrainSeconds: z.number().positive().optional(),
  })
  .strict();

/** A recipe as written (every field optional). */
export type TrainingRecipeInput = z.input<typeof trainingRecipeSchema>;
/** A validated recipe. */
export type TrainingRecipe = z.output<typeof trainingRecipeSchema>;
export type TrainingEnv = z.output<typeof trainingEnvSchema>;
export type ViolationPrice = z.output<typeof violationPriceSchema>;

/** An algorithm's raw defaults: no training aids, the scenario's action levels, episodes from any step. */
export const RAW_RECIPE: TrainingRecipe = trainingRecipeSchema.parse({});

/**
 * The environment a policy acts in, in training and evaluation alike: the scenario's, with the recipe's action
 * levels for an algorithm on discrete levels, or continuous actions for one that has no discrete mode.
 */
export function policyEnvConfig(config: GridConfigInput, algorithm: string, recipe: Pick<TrainingRecipe, "actionLevels" | "actionLevelExponent">): GridConfigInput {
  const flags = getAlgorithm(algorithm).flags;
  if (!flags.discreteActions) return { ...config, actionMode: "continuous" };
  return {
    ...config,
    ...(recipe.actionLevels === undefined ? {} : { actionLevels: recipe.actionLevels }),
    ...(recipe.actionLevelExponent === undefined ? {} : { actionLevelExponent: recipe.actionLevelExponent }),
  };
}

/** The training environment: the policy's environment with the recipe's training-only fields over it. */
export function trainingEnvConfig(policyConfig: GridConfigInput, trainingEnv: TrainingEnv): GridConfigInput {
  const { rewardWeights, ...fields } = trainingEnv;
  return {
    ...policyConfig,
    ...fields,
    ...(rewardWeights ? { rewardWeights: { ...policyConfig.rewardWeights, ...rewardWeights } } : {}),
  };
}

/**
 * The recipe hook of an algorithm kept as published: its own defaults, the scenario's reward and action levels, a
 * fixed budget (see `AlgorithmDefinition.recipe`).
 */
export function publishedRecipe(trainSteps: number, why: string) {
  return () => ({ recipe: { trainSteps }, reasons: [`${why}: no training aids, trainSteps ${trainSteps}`] });
}

/** Validates a recipe (every field optional); throws a `ConfigError` naming each bad field's path under `root`. */
export function parseTrainingRecipe(input: unknown = {}, root = "recipe"): TrainingRecipe {
  const result = trainingRecipeSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(zodProblems(result.error, root), root);
  return result.data;
}

/** The recipe's fields a recipe may go without (an override of `null` removes them; see {@link mergeRecipe}). */
const REMOVABLE = ["actionLevels", "actionLevelExponent", "rewardWeightsLater", "violationPrice", "warmStart", "trainSteps", "maxTrainSeconds"] as const;

/**
 * Recipe fields written over another recipe (see {@link mergeRecipe}); no defaults, unknown fields refused; `null`
 * for a field the recipe may go without removes it (`{ warmStart: null }`: the derived recipe without its warm start).
 */
export const trainingRecipeOverridesSchema = overridesOf(trainingRecipeSchema.shape).extend(
  Object.fromEntries(REMOVABLE.map((name) => [name, trainingRecipeSchema.shape[name].unwrap().nullable().optional()])) as {
    [Name in (typeof REMOVABLE)[number]]: z.ZodOptional<z.ZodNullable<ReturnType<(typeof trainingRecipeSchema.shape)[Name]["unwrap"]>>>;
  },
);
export type TrainingRecipeOverrides = z.output<typeof trainingRecipeOverridesSchema>;

/**
 * A recipe with fields written over it: `config`, `trainingEnv` and `trainingEnv.rewardWeights` merge field by field,
 * a field given as `null` is removed, every other field is replaced. The result is validated.
 */
export function mergeRecipe(base: TrainingRecipe, overrides: TrainingRecipeOverrides = {}, root = "recipe"): TrainingRecipe {
  const trainingEnv = { ...base.trainingEnv, ...overrides.trainingEnv };
  const rewardWeights = { ...base.trainingEnv.rewardWeights, ...overrides.trainingEnv?.rewardWeights };
  if (Object.keys(rewardWeights).length > 0) trainingEnv.rewardWeights = rewardWeights;
  const merged: Record<string, unknown> = { ...base, ...overrides, config: { ...base.config, ...overrides.config }, trainingEnv };
  for (const [name, value] of Object.entries(overrides)) if (value === null) delete merged[name];
  return parseTrainingRecipe(merged, root);
}
