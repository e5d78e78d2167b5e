import type { TrainingRecipeOverrides } from "@grid/algos";
import { type RecipeChoice, type ScenarioEntry, type Study, type StudySetting, type StudyStress, scenarioName } from "../studies/schema.js";

/** One run of a study: a policy (learned or baseline) on a scenario and setting, with a seed. */
export interface RunSpec {
  /** Unique within the study, safe as a file name: `<scenario>__<setting>__<policy>__s<seed>`. */
  id: string;
  study: string;
  kind: "algorithm" | "baseline";
  /** Algorithm or baseline name. */
  policy: string;
  /** Learning runs: the recipe (`derived` from the run's scenario and setting, `none`, or written out). */
  recipe?: RecipeChoice;
  /** Learning runs: fields over that recipe. */
  recipeOverrides?: TrainingRecipeOverrides;
  /** The scenario's name (a preset's, or a dataset entry's). */
  scenario: string;
  /** A dataset scenario's entry (how to read it); absent for presets. */
  dataset?: Exclude<ScenarioEntry, string>;
  setting: StudySetting;
  seed: number;
  /**
   * Training env-steps of a learning run when something overrides the recipe's budget (`--steps`, quick mode, the
   * entry's `trainSteps`); otherwise the recipe's, else `defaultTrainSteps`.
   */
  trainSteps?: number;
  /** The study's `trainSteps`: the budget of a recipe that names none. */
  defaultTrainSteps: number;
  /** Test days evaluated: all of the scenario's (undefined) or its first N. */
  evaluationDays?: number;
  quick: boolean;
  /** The stress suite the run is also evaluated under (the study's `stress`, or in quick mode `quick.stress`). */
  stress?: StudyStress;
  /** Baseline runs of a study with `baselineActions: derived`: act on the derived recipe's action set. */
  baselineActions?: "derived";
}

/** Baselines whose evaluation depends on a seed; the others are deterministic and run once per cell. */
export const STOCHASTIC_BASELINES: ReadonlySet<string> = new Set(["random"]);

/**
 * Expands a study into its runs: scenarios x settings x (algorithms x seeds + baselines x seeds-if-stochastic).
 * Quick mode keeps the quick scenarios, settings, algorithms and baselines, with fewer seeds and shorter training.
 */
export function expandStudy(study: Study, options: { quick?: boolean; seeds?: number; trainSteps?: number } = {}): RunSpec[] {
  const quick = options.quick ?? false;
  const kept = <T>(all: T[], names: string[] | undefined, name: (item: T) => string) => (quick && names ? all.filter((item) => names.includes(name(item))) : all);
  const scenarios = quick && !study.quick.scenarios ? study.scenarios.slice(0, 1) : kept(study.scenarios, study.quick.scenarios, scenarioName);
  const settings = kept(study.settings, study.quick.settings, (setting) => setting.name);
  const algorithms = kept(study.algorithms, study.quick.algorithms, (entry) => entry.name);
  const baselines = quick ? (study.quick.baselines ?? study.baselines.filter((name) => name !== "mpc")) : study.baselines;
  const seeds = options.seeds ?? (quick ? study.quick.seeds : study.seeds);
  const runs: RunSpec[] = [];
  const stress = study.stress && (quick ? (study.quick.stress ?? study.stress) : study.stress);
  const base = {
    study: study.name,
    evaluationDays: quick ? study.quick.evaluationDays : undefined,
    quick,
    defaultTrainSteps: study.trainSteps,
    ...(stress === undefined ? {} : { stress }),
  };
  for (const entry of scenarios) {
    const scenario = scenarioName(entry);
    const where = { scenario, ...(typeof entry === "string" ? {} : { dataset: entry }) };
    for (const setting of settings) {
      for (const algorithm of algorithms) {
        // --steps overrides everything; then quick mode's budget; then the entry's; else the recipe's.
        const trainSteps = options.trainSteps ?? (quick ? study.quick.trainSteps : algorithm.trainSteps);
        for (let seed = 0; seed < seeds; seed++) {
          runs.push({
            ...base,
            ...where,
            id: runId(scenario, setting.name, algorithm.name, seed),
            kind: "algorithm",
            policy: algorithm.name,
            recipe: algorithm.recipe,
            ...(algorithm.recipeOverrides === undefined ? {} : { recipeOverrides: algorithm.recipeOverrides }),
            ...(trainSteps === undefined ? {} : { trainSteps }),
            setting,
            seed,
          });
        }
      }
      for (const baseline of baselines) {
        const baselineSeeds = STOCHASTIC_BASELINES.has(baseline) ? seeds : 1;
        for (let seed = 0; seed < baselineSeeds; seed++) {
          const actions = study.baselineActions === "derived" ? { baselineActions: "derived" as const } : {};
          runs.push({ ...base, ...where, id: runId(scenario, setting.name, baseline, seed), kind: "baseline", policy: baseline, setting, seed, ...actions });
        }
      }
    }
  }
  return runs;
}

export function runId(scenario: string, setting: string, policy: string, seed: number): string {
  return `${scenario}__${setting}__${policy}__s${seed}`.replace(/[^A-Za-z0-9._-]/g, "_");
}
