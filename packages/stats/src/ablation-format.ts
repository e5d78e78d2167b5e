import { type CsvValue, formatCsv } from "@grid/profiles";
import type { AblationCell, AblationCorrection, AblationTableData } from "./ablation-table.js";

/** `count` and `word`, plural unless one. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Fixed-decimal formatting without a "-0". */
function formatFixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Decimals of a metric: 2 significant digits of its smallest positive
 * standard error, else 3 significant digits of its largest |mean|; capped to 0..10.
 */
function automaticDecimals(cells: readonly AblationCell[]): number {
  const standardErrors = cells
    .filter((cell) => cell.standardDeviation !== null && cell.standardDeviation > 0)
    .map((cell) => (cell.standardDeviation as number) / Math.sqrt(cell.n));
  let decimals: number;
  if (standardErrors.length > 0) {
    decimals = 1 - Math.floor(Math.log10(Math.min(...standardErrors)));
  } else {
    const largest = cells.reduce((current, cell) => Math.max(current, Math.abs(cell.mean)), 0);
    decimals = largest === 0 ? 0 : 2 - Math.floor(Math.log10(largest));
  }
  return Math.min(10, Math.max(0, decimals));
}

function formatPValue(pValue: number): string {
  return pValue < 0.001 ? "<0.001" : pValue.toFixed(3);
}


function formatFixedSigned(value: number, decimals: number): string {
  const text = formatFixed(value, decimals);
  return value > 0 && !/^0(\.0*)?$/.test(text) ? `+${text}` : text;
}

function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, "\\|");
}

const correctionLabels: Record<AblationCorrection, string> = {
  holm: "Holm",
  "benjamini-hochberg": "BH",
  none: "uncorrected",
};

/**
 * Renders the table as markdown: one row per metric x task x condition with
 * n, mean [CI], IQM, difference from the reference, raw and corrected
 * p-values (with `*` when significant after correction), Hedges' g and the
 * probability of improvement, followed by a legend that states the interval,
 * test, correction and family size, and numbered notes for missing values.
 */
export function ablationTableToMarkdown(table: AblationTableData): string {
  const { options } = table;
  const decimalsByMetric: Record<string, number> = {};
  for (const metric of options.metrics) {
    decimalsByMetric[metric] =
      options.decimals[metric] ?? automaticDecimals(table.cells.filter((cell) => cell.metric === metric));
  }
  const percent = `${Math.round(options.confidence * 1000) / 10}%`;
  const showTask = table.tasks.some((task) => task !== null);
  const header = [
    "Metric",
    ...(showTask ? ["Task"] : []),
    "Condition",
    "n",
    `Mean [${percent} CI]`,
    "IQM",
    "Δ vs reference",
    "p",
    `p (${correctionLabels[options.correction]})`,
    "Hedges' g",
    "P(improvement)",
  ];
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map((_, index) => (index < (showTask ? 3 : 2) ? "---" : "---:")).join(" | ")} |`];
  const footnotes: string[] = [];
  for (const cell of table.cells) lines.push(`| ${markdownRow(cell, decimalsByMetric[cell.metric], showTask, footnotes).join(" | ")} |`);
  const legend = markdownLegend(table, percent);
  if (footnotes.length > 0) {
    legend.push("", ...footnotes.map((note, index) => `[${index + 1}] ${note}`));
  }
  return `${[...lines, ...legend].join("\n")}\n`;
}

/** One cell's markdown row; its notes go to `footnotes`, and the row marks their numbers. */
function markdownRow(cell: AblationCell, decimals: number, showTask: boolean, footnotes: string[]): string[] {
  const meanText = cell.confidenceInterval
    ? `${formatFixed(cell.mean, decimals)} [${formatFixed(cell.confidenceInterval[0], decimals)}, ${formatFixed(cell.confidenceInterval[1], decimals)}]`
    : `${formatFixed(cell.mean, decimals)} (no CI)`;
  const comparison = cell.comparison;
  let noteMark = "";
  if (cell.notes.length > 0) {
    footnotes.push(...cell.notes.map((note) => `${cell.condition}${cell.task === null ? "" : ` / ${cell.task}`} / ${cell.metric}: ${note}`));
    noteMark = ` [${footnotes.length - cell.notes.length + 1}${cell.notes.length > 1 ? `-${footnotes.length}` : ""}]`;
  }
  return [
    `${escapeMarkdown(cell.metric)} (${cell.lowerIsBetter ? "↓" : "↑"})`,
    ...(showTask ? [escapeMarkdown(cell.task ?? "")] : []),
    `${escapeMarkdown(cell.condition)}${cell.isReference ? " (reference)" : ""}${noteMark}`,
    String(cell.n),
    meanText,
    formatFixed(cell.iqm, decimals),
    comparison ? formatFixedSigned(comparison.difference, decimals) : "—",
    comparison ? formatPValue(comparison.pValue) : "—",
    comparison ? `${formatPValue(comparison.adjustedPValue)}${comparison.significant ? " *" : ""}` : "—",
    comparison && comparison.hedgesG !== null ? formatFixedSigned(comparison.hedgesG, 2) : "—",
    comparison ? comparison.probabilityOfImprovement.toFixed(2) : "—",
  ];
}

/** The legend under the table: the interval, the test and its correction (with the family's size), the effect sizes. */
function markdownLegend(table: AblationTableData, percent: string): string[] {
  const { options } = table;
  const testLabel =
    options.test === "welch"
      ? "Welch's t-test"
      : "Mann-Whitney U test (exact without ties when the smaller group has at most 8 seeds, else normal approximation with tie and continuity corrections)";
  const correctionText =
    options.correction === "none"
      ? "no correction for multiple comparisons"
      : `${options.correction === "holm" ? "Holm-Bonferroni" : "Benjamini-Hochberg"} correction across the ${plural(table.familySize, "comparison")} of the table`;
  return [
    "",
    `n = number of seeds behind the cell. Mean [CI]: two-sided ${percent} Student-t interval with n − 1 degrees of freedom. ` +
      "IQM: interquartile mean (drops ⌊n/4⌋ seeds at each end; equals the mean when n < 4). ↑ higher is better, ↓ lower is better.",
    `Δ, p: ${testLabel}, two-sided, unpaired, each condition against the reference ${JSON.stringify(options.reference)}; ` +
      `${correctionText}; * = significant at α = ${options.alpha} after correction.`,
    "Hedges' g: bias-corrected standardised difference (condition − reference). P(improvement): probability that a seed of the condition beats a seed of the reference (ties count ½).",
  ];
}

/**
 * Renders the table as CSV (RFC 4180 quoting, `@grid/profiles`' writer), one row per cell, numbers at
 * full precision, empty fields where a value does not exist.
 */
export function ablationTableToCsv(table: AblationTableData): string {
  const header = [
    "metric",
    "lower_is_better",
    "task",
    "condition",
    "is_reference",
    "n",
    "seeds",
    "mean",
    "ci_low",
    "ci_high",
    "confidence",
    "standard_deviation",
    "iqm",
    "reference",
    "reference_n",
    "difference",
    "test",
    "statistic",
    "degrees_of_freedom",
    "p_value",
    "p_adjusted",
    "correction",
    "significant",
    "hedges_g",
    "probability_of_improvement",
    "notes",
  ];
  const rows = table.cells.map((cell): CsvValue[] => {
    const comparison = cell.comparison;
    return [
      cell.metric,
      cell.lowerIsBetter,
      cell.task,
      cell.condition,
      cell.isReference,
      cell.n,
      cell.seeds.join(" "),
      cell.mean,
      cell.confidenceInterval ? cell.confidenceInterval[0] : null,
      cell.confidenceInterval ? cell.confidenceInterval[1] : null,
      table.options.confidence,
      cell.standardDeviation,
      cell.iqm,
      cell.isReference ? null : table.options.reference,
      comparison ? comparison.referenceN : null,
      comparison ? comparison.difference : null,
      comparison ? comparison.test : null,
      comparison ? comparison.statistic : null,
      comparison ? comparison.degreesOfFreedom : null,
      comparison ? comparison.pValue : null,
      comparison ? comparison.adjustedPValue : null,
      comparison ? table.options.correction : null,
      comparison ? comparison.significant : null,
      comparison ? comparison.hedgesG : null,
      comparison ? comparison.probabilityOfImprovement : null,
      cell.notes.join("; ") || null,
    ];
  });
  return formatCsv(header, rows);
}

/** Renders the structured table (options, tasks, cells, family size) as indented JSON. */
export function ablationTableToJson(table: AblationTableData): string {
  const { options, tasks, cells, familySize } = table;
  return JSON.stringify({ options, tasks, cells, familySize }, null, 2);
}
