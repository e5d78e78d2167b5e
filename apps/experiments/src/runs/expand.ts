import type { Study, StudySetting } from "../studies/schema.js";
import type { ViolationPriceOptions } from "@grid/algos";

/** One run of a study: a policy (learned or baseline) on a scenario and setting, with a seed. */
export interface RunSpec {
  /** Unique within the study, safe as a file name: `<scenario>__<setting>__<policy>__s<seed>`. */
  id: string;
  study: string;
  kind: "algorithm" | "baseline";
  /** Algorithm or baseline name. */
  policy: string;
  /** Algorithm configuration overrides. */
  policyConfig: Record<string, unknown>;
  /** Environment settings for training only (e.g. the reward structure the learners train on). */
  trainingEnv?: Record<string, unknown>;
  /** Where training episodes start (default: any step of the training days). */
  episodeStarts?: "any-step" | "day-start";
  /** Discrete action levels of the learner (training and evaluation); default: the setting's. */
  actionLevels?: number;
  /** Spacing of the learner's levels (the environment's `actionLevelExponent`); default: the setting's. */
  actionLevelExponent?: number;
  /** Training-reward curriculum of the learner (see the study schema). */
  rewardWeightsLater?: { fraction: number; rewardWeights: Record<string, number> };
  /** Lagrange multiplier on violations in training (see the study schema). */
  violationPrice?: ViolationPriceOptions;
  scenario: string;
  setting: StudySetting;
  seed: number;
  /** Training env-steps (learning runs). */
  trainSteps: number;
  /** Test days evaluated: all of the scenario's (undefined) or its first N. */
  evaluationDays?: number;
  quick: boolean;
}

/** Baselines whose evaluation depends on a seed; the others are deterministic and run once per cell. */
export const STOCHASTIC_BASELINES: ReadonlySet<string> = new Set(["random"]);

/**
 * Expands a study into its runs: scenarios x settings x (algorithms x seeds + baselines x seeds-if-stochastic).
 * Quick mode keeps the quick scenarios, settings and baselines, with fewer seeds and shorter training.
 */
export function expandStudy(study: Study, options: { quick?: boolean; seeds?: number; trainSteps?: number } = {}): RunSpec[] {
  const quick = options.quick ?? false;
  const scenarios = quick ? (study.quick.scenarios ?? study.scenarios.slice(0, 1)) : study.scenarios;
  const settings = quick && study.quick.settings ? study.settings.filter((s) => study.quick.settings?.includes(s.name)) : study.settings;
  const baselines = quick ? (study.quick.baselines ?? study.baselines.filter((name) => name !== "mpc")) : study.baselines;
  const seeds = options.seeds ?? (quick ? study.quick.seeds : study.seeds);
  const studySteps = quick ? study.quick.trainSteps : study.trainSteps;
  const evaluationDays = quick ? study.quick.evaluationDays : undefined;
  const runs: RunSpec[] = [];
  const base = { study: study.name, evaluationDays, quick };
  for (const scenario of scenarios) {
    for (const setting of settings) {
      for (const algorithm of study.algorithms) {
        for (let seed = 0; seed < seeds; seed++) {
          runs.push({
            ...base,
            id: runId(scenario, setting.name, algorithm.name, seed),
            kind: "algorithm",
            // --steps overrides everything; else the algorithm's own budget (full mode), else the study's.
            trainSteps: options.trainSteps ?? (quick ? studySteps : (algorithm.trainSteps ?? studySteps)),
            policy: algorithm.name,
            policyConfig: algorithm.config,
            trainingEnv: algorithm.trainingEnv,
            episodeStarts: algorithm.episodeStarts,
            ...(algorithm.actionLevels === undefined ? {} : { actionLevels: algorithm.actionLevels }),
            ...(algorithm.actionLevelExponent === undefined ? {} : { actionLevelExponent: algorithm.actionLevelExponent }),
            ...(algorithm.rewardWeightsLater === undefined ? {} : { rewardWeightsLater: algorithm.rewardWeightsLater }),
            ...(algorithm.violationPrice === undefined ? {} : { violationPrice: algorithm.violationPrice }),
            scenario,
            setting,
            seed,
          });
        }
      }
      for (const baseline of baselines) {
        const baselineSeeds = STOCHASTIC_BASELINES.has(baseline) ? seeds : 1;
        for (let seed = 0; seed < baselineSeeds; seed++) {
          runs.push({
            ...base,
            id: runId(scenario, setting.name, baseline, seed),
            kind: "baseline",
            trainSteps: 0,
            policy: baseline,
            policyConfig: {},
            scenario,
            setting,
            seed,
          });
        }
      }
    }
  }
  return runs;
}

export function runId(scenario: string, setting: string, policy: string, seed: number): string {
  return `${scenario}__${setting}__${policy}__s${seed}`.replace(/[^A-Za-z0-9._-]/g, "_");
}
