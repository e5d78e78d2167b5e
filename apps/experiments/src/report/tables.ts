import { type AblationRun, type AblationTable, ablationTable, ablationTableToMarkdown, stratifiedBootstrapConfidenceInterval } from "@grid/stats";
import { formatInterval, formatNumber, formatPValue } from "../format.js";
import type { RunResult } from "../runs/store.js";
import type { Study } from "../studies/schema.js";
import { cellOf } from "./derive.js";
import { metricInfo, metricTitle } from "../metrics.js";
import type { ReferenceComparison } from "./significance.js";
import { mean, summarise } from "./summary.js";

/** A value column: mean [95% CI] (n), or the value alone for a single run. */
function summaryCell(values: number[]): string {
  const summary = summarise(values);
  if (summary.n === 0) return "n/a";
  return summary.n < 2 ? formatNumber(summary.mean) : `${formatInterval(summary.mean, summary.low, summary.high)} (${summary.n})`;
}

/** Metrics of the headline table, in order. */
const HEADLINE_COLUMNS = [
  "systemCostUsd",
  "improvementOverGreedyPct",
  "costReductionVsGreedyPct",
  "gapClosed",
  "violatingSteps",
  "comfortOverflowTotalKwh",
] as const;

/** The headline table: system cost, improvement over greedy and the gap closed, with intervals; learned policies first. */
export function headlineTable(results: RunResult[], learned: string[]): string[] {
  // A column no run has (the improvement over greedy in a study without greedy) is left out.
  const columns = HEADLINE_COLUMNS.filter((metric) => results.some((result) => Number.isFinite(result.metrics[metric])));
  const lines = [`| cell | policy | ${columns.map(metricTitle).join(" | ")} |`, `| --- | --- | ${columns.map(() => "---:").join(" | ")} |`];
  for (const cell of [...new Set(results.map(cellOf))]) {
    const inCell = results.filter((result) => cellOf(result) === cell);
    const policies = [...new Set(inCell.map((result) => result.spec.policy))].sort(
      (a, b) => Number(learned.includes(b)) - Number(learned.includes(a)),
    );
    for (const policy of policies) {
      const runs = inCell.filter((result) => result.spec.policy === policy);
      const values = columns.map((metric) => summaryCell(runs.map((run) => run.metrics[metric] ?? Number.NaN)));
      lines.push(`| ${cell} | ${policy} | ${values.join(" | ")} |`);
    }
  }
  return [
    ...lines,
    "",
    "Mean [95% t-interval] (n seeds); deterministic baselines run once, so a single value. `improvement over greedy` = 100 x (saving(policy) / saving(greedy) - 1), saving = idle's system cost minus the policy's (the seed paper's \"165% improvement over greedy\" read as saving 2.65 times what greedy saves); `gap closed` = (rule - policy) / (rule - optimal) on system cost. A saving counts only with zero violating steps and zero comfort overflow (flexibility used beyond the consumers' budget).",
  ];
}

/** The one-sample tests of the learned policies against the study's baselines, as a table (baselines in the study's order). */
export function referenceTable(comparisons: ReferenceComparison[]): string[] {
  return [
    "One-sample t-test of the learned runs' seeds against the deterministic baseline's value, two-sided, Holm-corrected across this table. `*`: significant at 0.05 after correction.",
    "",
    "| against | cell | metric | policy | n | policy mean | baseline value | p (Holm) |",
    "| --- | --- | --- | --- | ---: | ---: | ---: | ---: |",
    ...comparisons.map(
      (row) =>
        `| ${row.reference} | ${row.cell} | ${metricTitle(row.metric)} | ${row.condition} | ${row.n} | ${formatNumber(row.mean)} | ${formatNumber(row.referenceValue)} | ${formatPValue(row.adjustedPValue)}${row.significant ? " *" : ""} |`,
    ),
  ];
}

/** A run's metrics as an ablation table takes them: named with their units, `null` where the run does not define one. */
export function ablationMetricsOf(result: RunResult, metrics: string[]): Record<string, number | null> {
  return Object.fromEntries(metrics.map((metric) => [metricTitle(metric), Number.isFinite(result.metrics[metric]) ? result.metrics[metric] : null]));
}

/** Which of `metrics` (by title) are better lower, for an ablation table. */
export function lowerIsBetterOf(metrics: string[]): Record<string, boolean> {
  return Object.fromEntries(metrics.map((metric) => [metricTitle(metric), !metricInfo(metric).higherIsBetter]));
}

/**
 * Every condition and metric (the ablation table of @grid/stats, metrics named with their units), learned conditions
 * tested against `reference` by Welch's t-test, Holm-corrected across the table. A metric a run does not define (the
 * gap closed without rule and optimal, a correlation of a battery that never discharged) leaves that run out of that
 * metric's cells only, and the cell's note says so; the run still counts in every other metric.
 */
export function everyConditionTable(results: RunResult[], metrics: string[], conditions: string[], reference: string): AblationTable | undefined {
  const runs: AblationRun[] = [];
  for (const result of results) {
    if (!metrics.some((metric) => Number.isFinite(result.metrics[metric]))) continue;
    runs.push({ condition: result.spec.policy, seed: result.spec.seed, task: cellOf(result), metrics: ablationMetricsOf(result, metrics) });
  }
  const shown = conditions.filter((name) => runs.some((run) => run.condition === name));
  if (runs.length === 0 || !shown.includes(reference)) return undefined;
  return ablationTable(runs, {
    reference,
    metrics: metrics.map(metricTitle),
    lowerIsBetter: lowerIsBetterOf(metrics),
    conditions: shown,
  });
}

/** The markdown of {@link everyConditionTable}. */
export function everyConditionMarkdown(table: AblationTable, reference: string): string[] {
  return [
    `Learned conditions are tested against \`${reference}\` (Welch's t-test, Holm-corrected across the table).`,
    "",
    ablationTableToMarkdown(table),
  ];
}

/** The price of anarchy, for a study with settings named `individual` and `team` (reward structures). */
export function priceOfAnarchy(study: Study, results: RunResult[]): string[] {
  const names = study.settings.map((setting) => setting.name);
  if (!names.includes("individual") || !names.includes("team")) return [];
  const lines: string[] = [];
  for (const algorithm of study.algorithms.map((entry) => entry.name)) {
    for (const scenario of study.scenarios) {
      const costs = (setting: string) =>
        results
          .filter((r) => r.spec.policy === algorithm && r.spec.scenario === scenario && r.spec.setting.name === setting)
          .map((r) => r.metrics.systemCostUsd);
      const selfish = costs("individual");
      const team = costs("team");
      if (selfish.length < 2 || team.length < 2) continue;
      // Each resample draws the individual and the team seeds apart (two strata), as many as each has.
      const ratio = stratifiedBootstrapConfidenceInterval([selfish, team], ([individual, shared]) => mean(individual) / mean(shared), { seed: 12345 });
      const [low, high] = ratio.confidenceInterval;
      lines.push(
        `- ${algorithm} on ${scenario}: price of anarchy = system cost with individual rewards / with the team reward = ${formatNumber(ratio.estimate)} ` +
          `(95% stratified percentile bootstrap over seeds [${formatNumber(low)}, ${formatNumber(high)}], n = ${selfish.length} and ${team.length})`,
      );
    }
  }
  return lines;
}
