import { trainingRecipeOverridesSchema, trainingRecipeSchema } from "@grid/algos";
import { stressSuiteSchema } from "@grid/robustness";
import { z } from "zod";

/** One setting of a study: a named variation of the environment (and of the number of consumers). */
export const settingSchema = z
  .object({
    /** Short name, used in run ids and tables (`broadcast`, `n-30`, `alpha-0.3`). */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only"),
    /** What the setting changes, for the report. */
    description: z.string().default(""),
    /**
     * Environment configuration fields overriding the scenario's (camelCase, as `grid evaluate --env-config`), flat or
     * by concern (`{ safety: { feederGuard: true } }`). Kept as written (the plan key hashes it); read into the flat
     * form only where a run builds its environment.
     */
    env: z.record(z.string(), z.unknown()).default({}),
    /** Number of consumers: the scenario is scaled to it (feeder, battery and flexibility with it). */
    numConsumers: z.number().int().min(1).max(1000).optional(),
    /** A number the report can plot this setting against (e.g. the consumer count or alpha). */
    x: z.number().optional(),
  })
  .strict();

/** The fields of the study file's older, flat form of a recipe (read as `recipe`; see {@link algorithmEntrySchema}). */
export const FLAT_RECIPE_FIELDS = ["config", "trainingEnv", "episodeStarts", "actionLevels", "actionLevelExponent", "rewardWeightsLater", "violationPrice"] as const;

/**
 * How an algorithm entry trains: `derived` (the default), the recipe `recipeFor` derives from each run's scenario
 * and setting (training days only); `none`, the algorithm's raw defaults; or a recipe written out (every field as in
 * `trainingRecipeSchema` of @grid/algos; fields left out are the raw defaults).
 */
export const recipeChoiceSchema = z.union([z.enum(["derived", "none"]), trainingRecipeSchema]);

/** An algorithm in a study and how it trains. */
export const algorithmEntrySchema = z.preprocess(
  flatRecipeToRecipe,
  z
    .object({
      /** Registered algorithm name (`ippo`, `mappo`, `maddpg`, `ac-ctde`). */
      name: z.string().min(1),
      /** The training recipe: `derived` (default), `none`, or one written out. */
      recipe: recipeChoiceSchema.default("derived"),
      /**
       * Fields over the recipe chosen above (`config`, `trainingEnv` and its `rewardWeights` merge field by field;
       * `null` removes a field, e.g. `warmStart: null`): the derived recipe with one thing changed, for an ablation.
       */
      recipeOverrides: trainingRecipeOverridesSchema.optional(),
      /** Training env-steps in full mode (default: the recipe's, else the study's `trainSteps`). */
      trainSteps: z.number().int().min(1).optional(),
    })
    .strict(),
);

/**
 * Study files written before recipes put the recipe's fields on the entry itself (`config`, `trainingEnv`, ...): they
 * are read as a recipe written out, exactly as they trained then. Both forms on one entry are refused.
 */
function flatRecipeToRecipe(entry: unknown): unknown {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return entry;
  const record = entry as Record<string, unknown>;
  const flat = FLAT_RECIPE_FIELDS.filter((field) => field in record);
  if (flat.length === 0) return entry;
  if ("recipe" in record || "recipeOverrides" in record) return entry; // the strict schema then names the flat fields
  const recipe: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) ((FLAT_RECIPE_FIELDS as readonly string[]).includes(key) ? recipe : rest)[key] = value;
  return { ...rest, recipe };
}

/**
 * A dataset as a study's scenario: a CityLearn folder (with `schema.json`) or a profile CSV, read as `grid data`
 * reads it; its last `testFraction` of days are the test days. A relative path is read from the study file's folder.
 */
export const datasetScenarioSchema = z
  .object({
    /** CityLearn folder or profile CSV. */
    dataset: z.string().min(1),
    /** Name in run ids and tables (default: the folder or file name). */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only").optional(),
    /** IANA time zone of CSV timestamps written without an offset (UTC). */
    timeZone: z.string().optional(),
    /** Environment step, minutes (15). */
    stepMinutes: z.number().positive().optional(),
    /** Fill gaps up to this long, minutes (0: a gap is an error). */
    maxGapMinutes: z.number().nonnegative().optional(),
    /** CityLearn: the buildings to include (default: the schema's include flags). */
    buildings: z.array(z.string().min(1)).min(1).optional(),
    /** Share of the days, the last ones, held out as test days (0.2). */
    testFraction: z.number().gt(0).lt(1).optional(),
  })
  .strict();

/** A study's scenario: a registered preset's name, or a dataset. */
export const scenarioEntrySchema = z.union([z.string().min(1), datasetScenarioSchema]);

/** What quick mode changes: a few minutes on a 2-core machine, for smoke runs. */
export const quickSchema = z
  .object({
    seeds: z.number().int().min(2).default(3),
    /** Training env-steps per learning run in quick mode. */
    trainSteps: z.number().int().min(1).default(20_000),
    /** Algorithms to keep, by name (default: all). */
    algorithms: z.array(z.string()).optional(),
    /** Scenarios to keep, by name (default: the study's first). */
    scenarios: z.array(z.string()).optional(),
    /** Settings to keep, by name (default: all). */
    settings: z.array(z.string()).optional(),
    /** Baselines to keep (default: all but `mpc`, which is slow). */
    baselines: z.array(z.string()).optional(),
    /** Test days to evaluate in quick mode (default: the scenario's first 5). */
    evaluationDays: z.number().int().min(1).default(5),
    /** The stress suite in quick mode, in place of the study's `stress` (only with `stress`). */
    stress: stressSuiteSchema.optional(),
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
    /** Scenario preset names (`seed`, `ev-evening`, ...) or datasets (`{ dataset: path, ... }`). */
    scenarios: z.array(scenarioEntrySchema).min(1),
    algorithms: z.array(algorithmEntrySchema).default([]),
    /** Baseline names (`idle`, `random`, `rule`, `greedy`, `mpc`, `optimal`). */
    baselines: z.array(z.string().min(1)).default([]),
    /**
     * The action set the baselines act on: the scenario's and setting's (absent or `scenario`), or `derived`, the one
     * the derived recipe gives ippo and mappo (`actionLevels` and `actionLevelExponent` from the scenario's data:
     * e.g. 21 quadratic levels on citylearn-2022 against its 3), so that a planner is not judged on a coarser action
     * set than the learners it is compared with. Baselines that plan in continuous power (`optimal`) are unaffected.
     */
    baselineActions: z.enum(["scenario", "derived"]).optional(),
    settings: z.array(settingSchema).min(1).default([{ name: "default", description: "", env: {} }]),
    /** Seeds per learning cell (10 by default, as Gorsane et al. recommend for cooperative MARL). */
    seeds: z.number().int().min(2).default(10),
    /** Training env-steps per learning run where the recipe gives none (300,000). */
    trainSteps: z.number().int().min(1).default(300_000),
    /** Condition significance is tested against first (`greedy`, the seed paper's baseline). */
    reference: z.string().default("greedy"),
    /** Further references every condition is also tested against (`rule`). */
    otherReferences: z.array(z.string()).default(["rule"]),
    /**
     * The setting every other setting is tested against, per learner (default: the study's first setting that ran):
     * the ablation's control, e.g. `none` for communication, `individual` for reward structures.
     */
    referenceSetting: z.string().optional(),
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
    /**
     * Every run (learners after training, baselines too) also stress-tested with this suite on its test days, as
     * `grid stress` does (`@grid/robustness`: perturbations, evaluation seeds, the fallback's limits, families; `{}` is
     * the default suite); its figures are kept in the run's file and the report pools them over the training seeds.
     */
    stress: stressSuiteSchema.optional(),
    quick: quickSchema.default(quickSchema.parse({})),
  })
  .strict();

export type StudyInput = z.input<typeof studySchema>;
export type Study = z.output<typeof studySchema>;
export type StudySetting = z.output<typeof settingSchema>;
/** A study's stress suite, parsed (the default suite's fields filled in). */
export type StudyStress = NonNullable<Study["stress"]>;
export type SettingInput = z.input<typeof settingSchema>;
export type AlgorithmEntry = z.output<typeof algorithmEntrySchema>;
export type RecipeChoice = z.output<typeof recipeChoiceSchema>;
export type ScenarioEntry = z.output<typeof scenarioEntrySchema>;
export type DatasetScenarioEntry = z.output<typeof datasetScenarioSchema>;

/** The name a scenario entry goes by in run ids and tables: a preset's own, a dataset's `name` or file name. */
export function scenarioName(entry: ScenarioEntry): string {
  if (typeof entry === "string") return entry;
  if (entry.name) return entry.name;
  const base = entry.dataset.replace(/[\\/]+$/, "").split(/[\\/]/).at(-1) ?? entry.dataset;
  return base.replace(/\.csv$/i, "").replace(/[^A-Za-z0-9._-]/g, "_");
}
