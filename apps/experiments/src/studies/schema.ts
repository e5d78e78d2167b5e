import { z } from "zod";

/** One setting of a study: a named variation of the environment (and of the number of consumers). */
export const settingSchema = z
  .object({
    /** Short name, used in run ids and tables (`broadcast`, `n-30`, `alpha-0.3`). */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only"),
    /** What the setting changes, for the report. */
    description: z.string().default(""),
    /** Environment configuration fields overriding the scenario's (camelCase, as `grid evaluate --config`). */
    env: z.record(z.string(), z.unknown()).default({}),
    /** Number of consumers: the scenario is scaled to it (feeder, battery and flexibility with it). */
    numConsumers: z.number().int().min(1).max(1000).optional(),
    /** A number the report can plot this setting against (e.g. the consumer count or alpha). */
    x: z.number().optional(),
  })
  .strict();

/** An algorithm in a study, with configuration overrides. */
export const algorithmEntrySchema = z
  .object({
    /** Registered algorithm name (`ippo`, `mappo`, `maddpg`, `ac-ctde`). */
    name: z.string().min(1),
    /** Algorithm configuration fields overriding its defaults. */
    config: z.record(z.string(), z.unknown()).default({}),
    /**
     * Environment fields for training only (the reward the learners train on, say); evaluation always uses the
     * scenario's and the setting's environment, as for every other condition.
     */
    trainingEnv: z.record(z.string(), z.unknown()).optional(),
    /** Training env-steps for this algorithm in full mode (default: the study's `trainSteps`). */
    trainSteps: z.number().int().min(1).optional(),
    /** Where training episodes start: any step of the training days, or each day's first step (as evaluation episodes). */
    episodeStarts: z.enum(["any-step", "day-start"]).optional(),
    /**
     * Discrete action levels the learner acts on, in training and evaluation alike (default: the setting's
     * `actionLevels`). Part of the policy, not of the physics: 5 levels let the battery charge at half power.
     */
    actionLevels: z.number().int().min(2).optional(),
    /**
     * Spacing of those levels (the environment's `actionLevelExponent`; default: the setting's, 1 = even): 2 puts
     * more levels near 0, for a battery much more powerful than the feeder. Part of the policy, like `actionLevels`.
     */
    actionLevelExponent: z.number().finite().min(1).max(4).optional(),
    /**
     * A training-reward curriculum: once `fraction` of the training budget is spent, these reward weights replace
     * the training environment's (e.g. the penalties raised after the battery has learned to cycle).
     */
    rewardWeightsLater: z
      .object({ fraction: z.number().min(0).max(1), rewardWeights: z.record(z.string(), z.number().finite().nonnegative()) })
      .strict()
      .optional(),
    /**
     * A Lagrange multiplier on the feeder's limits in training (see `violationPrice` of `trainOnScenario` in
     * @grid/algos): the training reward's price per violating step, raised by `learningRateUsd` per violating step a
     * day above `targetStepsPerDay` after every iteration, lowered below it, within [0, `maxUsd`].
     */
    violationPrice: z
      .object({
        learningRateUsd: z.number().finite().positive(),
        targetStepsPerDay: z.number().finite().nonnegative().optional(),
        initialUsd: z.number().finite().nonnegative().optional(),
        maxUsd: z.number().finite().nonnegative().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** What quick mode changes: a few minutes on a 2-core machine, for smoke runs. */
export const quickSchema = z
  .object({
    seeds: z.number().int().min(2).default(3),
    /** Training env-steps per learning run in quick mode. */
    trainSteps: z.number().int().min(1).default(20_000),
    /** Scenarios to keep (default: the study's first). */
    scenarios: z.array(z.string()).optional(),
    /** Settings to keep, by name (default: all). */
    settings: z.array(z.string()).optional(),
    /** Baselines to keep (default: all but `mpc`, which is slow). */
    baselines: z.array(z.string()).optional(),
    /** Test days to evaluate in quick mode (default: the scenario's first 5). */
    evaluationDays: z.number().int().min(1).default(5),
  })
  .strict();

/**
 * A study is data: algorithms x baselines x scenarios x settings x seeds, expanded into runs. Built-in studies
 * are objects of this type; one's own load from a JSON or YAML file.
 */
export const studySchema = z
  .object({
    /** Name, used for the results folder. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and '-' only"),
    /** What the study asks. */
    description: z.string().min(1),
    /** Scenario preset names (`seed`, `ev-evening`, ...). */
    scenarios: z.array(z.string().min(1)).min(1),
    algorithms: z.array(algorithmEntrySchema).default([]),
    /** Baseline names (`idle`, `random`, `rule`, `greedy`, `mpc`, `optimal`). */
    baselines: z.array(z.string().min(1)).default([]),
    settings: z.array(settingSchema).min(1).default([{ name: "default", description: "", env: {} }]),
    /** Seeds per learning cell (10 by default, as Gorsane et al. recommend for cooperative MARL). */
    seeds: z.number().int().min(2).default(10),
    /** Training env-steps per learning run. */
    trainSteps: z.number().int().min(1).default(300_000),
    /** Condition significance is tested against first (`greedy`, the seed paper's baseline). */
    reference: z.string().default("greedy"),
    /** Further references every condition is also tested against (`rule`). */
    otherReferences: z.array(z.string()).default(["rule"]),
    /** Metrics for the tables (names of the evaluation protocol's aggregated metrics). */
    metrics: z
      .array(z.string())
      .default([
        "systemCostUsd",
        "energyCostUsd",
        "peakImportKw",
        "violatingSteps",
        "comfortOverflowTotalKwh",
        "renewableUtilization",
        "billSavingsFairness",
        "gapClosed",
      ]),
    /** What the study plots on its x axis, if anything (`numConsumers`, `rewardAlpha`). */
    xLabel: z.string().optional(),
    /** Plot the settings' x on a log scale (agent counts). */
    xLog: z.boolean().default(false),
    quick: quickSchema.default(quickSchema.parse({})),
  })
  .strict();

export type StudyInput = z.input<typeof studySchema>;
export type Study = z.output<typeof studySchema>;
export type StudySetting = z.output<typeof settingSchema>;
export type SettingInput = z.input<typeof settingSchema>;
