import { type AblationRun, type AblationTable, ablationTable, ablationTableToMarkdown } from "@grid/stats";
import type { RunResult } from "../runs/store.js";
import type { Study } from "../studies/schema.js";
import { metricTitle } from "../metrics.js";
import { ablationMetricsOf, lowerIsBetterOf } from "./tables.js";

/** The settings compared, with the setting they were tested against. */
export interface SettingsComparison {
  referenceSetting: string;
  table: AblationTable;
}

/**
 * The ablation's own question: for each learner and scenario, every setting tested against the reference setting
 * (the study's `referenceSetting`, else its first setting that ran) on every metric, Welch's t-test over the seeds,
 * Holm-corrected across the table. Baselines are left out (one run a cell, nothing to test). Undefined for a study
 * with fewer than two settings or without learned runs.
 */
export function settingsComparison(study: Study, results: RunResult[], metrics: string[]): SettingsComparison | undefined {
  const learned = new Set(study.algorithms.map((entry) => entry.name));
  const runsOfLearners = results.filter((result) => learned.has(result.spec.policy));
  const present = study.settings.map((setting) => setting.name).filter((name) => runsOfLearners.some((r) => r.spec.setting.name === name));
  if (present.length < 2) return undefined;
  const referenceSetting = study.referenceSetting !== undefined && present.includes(study.referenceSetting) ? study.referenceSetting : present[0];
  const runs: AblationRun[] = runsOfLearners.map((result) => ({
    condition: result.spec.setting.name,
    seed: result.spec.seed,
    task: `${result.spec.scenario} / ${result.spec.policy}`,
    metrics: ablationMetricsOf(result, metrics),
  }));
  const table = ablationTable(runs, {
    reference: referenceSetting,
    metrics: metrics.map(metricTitle),
    lowerIsBetter: lowerIsBetterOf(metrics),
    conditions: [referenceSetting, ...present.filter((name) => name !== referenceSetting)],
  });
  return { referenceSetting, table };
}

/** The markdown of {@link settingsComparison}. */
export function settingsComparisonMarkdown(comparison: SettingsComparison): string[] {
  return [
    `Each setting against \`${comparison.referenceSetting}\`, per scenario and learner (the task column): Welch's t-test over the seeds, Holm-corrected across the table.`,
    "",
    ablationTableToMarkdown(comparison.table),
  ];
}
