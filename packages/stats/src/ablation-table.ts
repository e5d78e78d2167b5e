/**
 * Ablation tables: from runs (condition x seed x metric) to a table of means
 * with confidence intervals, interquartile means, tests against a reference
 * condition corrected across the whole table, effect sizes and significance
 * marks, as a structure and as markdown, CSV and JSON.
 */
import { type CsvValue, formatCsv } from "@grid/profiles";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { interquartileMean } from "./aggregates.js";
import { benjaminiHochberg, holmBonferroni } from "./corrections.js";
import { meanConfidenceInterval } from "./descriptives.js";
import { hedgesG, probabilityOfImprovement } from "./effect-sizes.js";
import { mannWhitneyU } from "./rank-tests.js";
import { welchTTest } from "./t-tests.js";
import { requireAlpha, requireChoice, requireConfidence, StatsInputError } from "./validation.js";

/** One training/evaluation run: a condition, a seed, optionally a task, and its metrics. */
export interface AblationRun {
  /** Name of the condition (the variant of the method), e.g. `"no-critic"`. */
  condition: string;
  /** Seed of the run. A (condition, task, seed) triple may appear only once. */
  seed: number;
  /**
   * Optional task (environment, scenario). Runs of different tasks are never
   * pooled: each task gets its own rows and its own comparisons.
   */
  task?: string;
  /**
   * Metric values of the run, e.g. `{ cost: 9.8, peak: 8.6 }`; every listed metric must be present and finite, or
   * `null` where the run does not define it (a correlation of a series that never moved): such a run is left out of
   * that metric's cells only, and the cell says how many runs were left out.
   */
  metrics: Readonly<Record<string, number | null>>;
}

/** Test used against the reference condition. */
export type AblationTest = "welch" | "mann-whitney";

/** Multiple-comparison correction applied across the table. */
export type AblationCorrection = "holm" | "benjamini-hochberg" | "none";

/** Options of {@link ablationTable}. */
export interface AblationTableOptions {
  /** The condition every other condition is compared with (e.g. the full method or the baseline). */
  reference: string;
  /** Metrics to tabulate, in order. */
  metrics: readonly string[];
  /**
   * Two-sided test of each condition against the reference, per metric and
   * task: `"welch"` (default, Welch's t-test) or `"mann-whitney"` (U test,
   * exact for small samples without ties).
   */
  test?: AblationTest;
  /**
   * Correction applied once across every comparison of the table (all
   * metrics, tasks and conditions): `"holm"` (default), `"benjamini-hochberg"`
   * or `"none"`.
   */
  correction?: AblationCorrection;
  /** Significance level. Default 0.05. */
  alpha?: number;
  /** Confidence level of the mean's interval. Default 0.95. */
  confidence?: number;
  /** Metrics for which lower values are better (e.g. `{ cost: true }`); default higher is better. */
  lowerIsBetter?: Readonly<Record<string, boolean>>;
  /** Conditions to show, in order. Default: the reference first, then the others in order of first appearance. */
  conditions?: readonly string[];
  /**
   * Decimals of the means, intervals, IQMs and differences in markdown, for
   * all metrics (a number) or per metric (a record). Default, per metric:
   * enough decimals to show the smallest standard error of the metric to 2
   * significant digits (3 significant digits of the largest mean when no
   * cell has a standard error). CSV and JSON always keep full precision.
   */
  decimals?: number | Readonly<Record<string, number>>;
}

/** Comparison of a cell with the reference condition's cell (same metric and task). */
export interface AblationComparison {
  /** Name of the reference condition. */
  reference: string;
  /** Seeds of the reference condition behind the comparison. */
  referenceN: number;
  /** mean(condition) - mean(reference). */
  difference: number;
  /** Test used. */
  test: AblationTest;
  /** Welch's t, or U of the condition (Mann-Whitney). */
  statistic: number;
  /** Welch degrees of freedom; `null` for Mann-Whitney. */
  degreesOfFreedom: number | null;
  /** Two-sided p-value before correction. */
  pValue: number;
  /** p-value after the table-wide correction (equal to `pValue` with `"none"`). */
  adjustedPValue: number;
  /** True when the corrected test rejects at alpha (adjusted p <= alpha). */
  significant: boolean;
  /** Whether the condition is better, worse or equal on average, given the metric's direction. */
  direction: "better" | "worse" | "same";
  /** Hedges' g of condition vs reference (sign of `difference`); `null` when both are constant. */
  hedgesG: number | null;
  /**
   * Probability that a run of the condition beats a run of the reference
   * (respecting `lowerIsBetter`; ties count one half).
   */
  probabilityOfImprovement: number;
}

/** One cell: a condition's results on one metric (and task). */
export interface AblationCell {
  /** Metric name. */
  metric: string;
  /** Whether lower is better for this metric. */
  lowerIsBetter: boolean;
  /** Task, or `null` when runs have no task. */
  task: string | null;
  /** Condition name. */
  condition: string;
  /** True for the reference condition. */
  isReference: boolean;
  /** Number of seeds behind the cell (the real count). */
  n: number;
  /** The seeds, ascending. */
  seeds: number[];
  /** Mean over seeds. */
  mean: number;
  /** Sample standard deviation (n - 1); `null` when n < 2. */
  standardDeviation: number | null;
  /**
   * Two-sided Student-t interval of the mean with n - 1 degrees of freedom
   * (see `meanConfidenceInterval`); `null` when n < 2.
   */
  confidenceInterval: [number, number] | null;
  /** Interquartile mean over seeds (drops floor(n / 4) at each end; the mean when n < 4). */
  iqm: number;
  /** Comparison with the reference; `null` for the reference itself or when no test was possible (see `notes`). */
  comparison: AblationComparison | null;
  /** Why something is missing (too few seeds, constant values...). */
  notes: string[];
}

/** Resolved options, as used. */
export interface ResolvedAblationOptions {
  reference: string;
  metrics: string[];
  test: AblationTest;
  correction: AblationCorrection;
  alpha: number;
  confidence: number;
  lowerIsBetter: Record<string, boolean>;
  conditions: string[];
  /** Fixed decimals per metric when given; metrics absent here are formatted automatically. */
  decimals: Record<string, number>;
}

/** The structured table (plain data, safe to serialise). */
export interface AblationTableData {
  /** Options as used. */
  options: ResolvedAblationOptions;
  /** Tasks in order, or `[null]` when runs have no task. */
  tasks: (string | null)[];
  /** One cell per metric x task x condition, in that nesting order. */
  cells: AblationCell[];
  /** Number of comparisons in the correction family (those that produced a p-value). */
  familySize: number;
}

/** The table plus its renderings. */
export interface AblationTable extends AblationTableData {
  /** Markdown table with a legend; see {@link ablationTableToMarkdown}. */
  toMarkdown(): string;
  /** CSV, one row per cell, full precision; see {@link ablationTableToCsv}. */
  toCsv(): string;
  /** JSON of the structured data; see {@link ablationTableToJson}. */
  toJson(): string;
}

const functionName = "ablationTable";

function validateRuns(runs: unknown, metrics: readonly string[]): AblationRun[] {
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new StatsInputError(
      functionName,
      "runs",
      Array.isArray(runs) ? "is empty" : "is not an array",
      "a non-empty array of { condition, seed, task?, metrics } objects is accepted",
    );
  }
  const seen = new Set<string>();
  runs.forEach((run: unknown, index) => {
    const where = `runs[${index}]`;
    if (run === null || typeof run !== "object") {
      throw new StatsInputError(functionName, where, "is not an object", "{ condition, seed, task?, metrics } is accepted");
    }
    const candidate = run as Partial<AblationRun>;
    if (typeof candidate.condition !== "string" || candidate.condition === "") {
      throw new StatsInputError(functionName, `${where}.condition`, `is ${String(candidate.condition)}`, "a non-empty string is accepted");
    }
    if (typeof candidate.seed !== "number" || !Number.isFinite(candidate.seed)) {
      throw new StatsInputError(functionName, `${where}.seed`, `is ${String(candidate.seed)}`, "a finite number is accepted");
    }
    if (candidate.task !== undefined && typeof candidate.task !== "string") {
      throw new StatsInputError(functionName, `${where}.task`, `is ${String(candidate.task)}`, "a string or nothing is accepted");
    }
    if (candidate.metrics === null || typeof candidate.metrics !== "object") {
      throw new StatsInputError(functionName, `${where}.metrics`, "is not an object", "a record from metric name to number is accepted");
    }
    for (const metric of metrics) {
      const value: unknown = candidate.metrics[metric];
      if (value === undefined) {
        throw new StatsInputError(
          functionName,
          `${where}.metrics.${metric}`,
          `is missing (condition ${JSON.stringify(candidate.condition)}, seed ${candidate.seed})`,
          "every run must report every metric listed in options.metrics",
        );
      }
      if (value !== null && (typeof value !== "number" || !Number.isFinite(value))) {
        throw new StatsInputError(
          functionName,
          `${where}.metrics.${metric}`,
          `is ${String(value)} (condition ${JSON.stringify(candidate.condition)}, seed ${candidate.seed})`,
          "only finite numbers, or null for a metric the run does not define, are accepted; drop or fix failed runs explicitly",
        );
      }
    }
    const key = JSON.stringify([candidate.condition, candidate.task ?? null, candidate.seed]);
    if (seen.has(key)) {
      throw new StatsInputError(
        functionName,
        where,
        `repeats condition ${JSON.stringify(candidate.condition)}${
          candidate.task === undefined ? "" : `, task ${JSON.stringify(candidate.task)}`
        }, seed ${candidate.seed}`,
        "each (condition, task, seed) may appear once; aggregate repeated evaluations of a seed first",
      );
    }
    seen.add(key);
  });
  return runs as AblationRun[];
}

function resolveOptions(runs: readonly AblationRun[], options: AblationTableOptions): ResolvedAblationOptions {
  if (options === null || typeof options !== "object") {
    throw new StatsInputError(functionName, "options", "is missing", "an object with reference and metrics is accepted");
  }
  if (!Array.isArray(options.metrics) || options.metrics.length === 0) {
    throw new StatsInputError(functionName, "options.metrics", "is empty or not an array", "a non-empty array of metric names is accepted");
  }
  options.metrics.forEach((metric, index) => {
    if (typeof metric !== "string" || metric === "") {
      throw new StatsInputError(functionName, `options.metrics[${index}]`, `is ${String(metric)}`, "a non-empty metric name is accepted");
    }
  });
  const present: string[] = [];
  for (const run of runs) if (!present.includes(run.condition)) present.push(run.condition);
  if (typeof options.reference !== "string" || !present.includes(options.reference)) {
    throw new StatsInputError(
      functionName,
      "options.reference",
      `is ${JSON.stringify(options.reference)}, which has no runs`,
      `one of the conditions in runs is accepted: ${present.map((name) => JSON.stringify(name)).join(", ")}`,
    );
  }
  let conditions: string[];
  if (options.conditions === undefined) {
    conditions = [options.reference, ...present.filter((name) => name !== options.reference)];
  } else {
    conditions = [...options.conditions];
    for (const name of conditions) {
      if (!present.includes(name)) {
        throw new StatsInputError(
          functionName,
          "options.conditions",
          `names ${JSON.stringify(name)}, which has no runs`,
          `only conditions present in runs are accepted: ${present.map((item) => JSON.stringify(item)).join(", ")}`,
        );
      }
    }
    if (!conditions.includes(options.reference)) {
      throw new StatsInputError(functionName, "options.conditions", "leaves out the reference condition", "a list that includes options.reference is accepted");
    }
  }
  const lowerIsBetter: Record<string, boolean> = {};
  for (const metric of options.metrics) lowerIsBetter[metric] = false;
  for (const [metric, flag] of Object.entries(options.lowerIsBetter ?? {})) {
    if (!options.metrics.includes(metric)) {
      throw new StatsInputError(functionName, `options.lowerIsBetter.${metric}`, "names a metric not in options.metrics", "keys from options.metrics are accepted");
    }
    if (typeof flag !== "boolean") {
      throw new StatsInputError(functionName, `options.lowerIsBetter.${metric}`, `is ${String(flag)}`, "true or false is accepted");
    }
    lowerIsBetter[metric] = flag;
  }
  return {
    reference: options.reference,
    metrics: [...options.metrics],
    test: requireChoice(functionName, "options.test", options.test ?? "welch", ["welch", "mann-whitney"] as const),
    correction: requireChoice(functionName, "options.correction", options.correction ?? "holm", [
      "holm",
      "benjamini-hochberg",
      "none",
    ] as const),
    alpha: requireAlpha(functionName, "options.alpha", options.alpha ?? 0.05),
    confidence: requireConfidence(functionName, "options.confidence", options.confidence ?? 0.95),
    lowerIsBetter,
    conditions,
    decimals: resolveDecimals(options),
  };
}

function resolveDecimals(options: AblationTableOptions): Record<string, number> {
  const decimals: Record<string, number> = {};
  const given = options.decimals;
  if (given === undefined) return decimals;
  const check = (argument: string, value: unknown): number => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 15) {
      throw new StatsInputError(functionName, argument, `is ${String(value)}`, "an integer from 0 to 15 is accepted");
    }
    return value;
  };
  if (typeof given === "number") {
    for (const metric of options.metrics) decimals[metric] = check("options.decimals", given);
    return decimals;
  }
  for (const [metric, value] of Object.entries(given)) {
    if (!options.metrics.includes(metric)) {
      throw new StatsInputError(functionName, `options.decimals.${metric}`, "names a metric not in options.metrics", "keys from options.metrics are accepted");
    }
    decimals[metric] = check(`options.decimals.${metric}`, value);
  }
  return decimals;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Builds an ablation table from runs.
 *
 * For every metric, task (when runs have tasks) and condition: n (the real
 * number of seeds), the mean, the two-sided Student-t confidence interval of
 * the mean with n - 1 degrees of freedom, the sample SD and the IQM. Every
 * non-reference condition is tested against the reference (Welch's t-test or
 * Mann-Whitney U, two-sided, unpaired), and the p-values of the whole table
 * (all metrics, tasks and conditions) form one family for the Holm (default)
 * or Benjamini-Hochberg correction. Effect sizes: Hedges' g and the
 * probability of improvement. A cell with fewer than 2 seeds shows its mean
 * with no interval and no test, and says so in `notes`; so does a comparison
 * whose statistic is undefined (both conditions constant).
 *
 * Throws a {@link StatsInputError} for malformed runs (missing or non-finite
 * metric, duplicate seed) or options (unknown reference, metric or condition).
 */
export function ablationTable(runs: readonly AblationRun[], options: AblationTableOptions): AblationTable {
  if (options === null || typeof options !== "object") {
    throw new StatsInputError(functionName, "options", "is missing", "an object with reference and metrics is accepted");
  }
  const metricsForValidation = Array.isArray(options.metrics) ? options.metrics.filter((metric) => typeof metric === "string") : [];
  const validRuns = validateRuns(runs, metricsForValidation);
  const resolved = resolveOptions(validRuns, options);
  const hasTasks = validRuns.some((run) => run.task !== undefined);
  const tasks: (string | null)[] = [];
  for (const run of validRuns) {
    const task = hasTasks ? (run.task ?? "(no task)") : null;
    if (!tasks.includes(task)) tasks.push(task);
  }

  const cells: AblationCell[] = [];
  const pending: { cell: AblationCell; pValue: number }[] = [];
  const comparisons = new Map<AblationCell, Omit<AblationComparison, "adjustedPValue" | "significant">>();

  for (const metric of resolved.metrics) {
    const lowerIsBetter = resolved.lowerIsBetter[metric];
    for (const task of tasks) {
      const valuesOf = (condition: string) => {
        const selected = validRuns
          .filter((run) => run.condition === condition && (task === null || (run.task ?? "(no task)") === task))
          .sort((left, right) => left.seed - right.seed);
        const measured = selected.filter((run) => run.metrics[metric] !== null);
        return {
          seeds: measured.map((run) => run.seed),
          values: measured.map((run) => run.metrics[metric] as number),
          undefinedRuns: selected.length - measured.length,
        };
      };
      const reference = valuesOf(resolved.reference);
      for (const condition of resolved.conditions) {
        const { seeds, values, undefinedRuns } = valuesOf(condition);
        if (values.length === 0) continue;
        const isReference = condition === resolved.reference;
        const notes: string[] = [];
        if (undefinedRuns > 0) notes.push(`${plural(undefinedRuns, "run")} left out: the metric is not defined for ${undefinedRuns === 1 ? "it" : "them"}`);
        const n = values.length;
        const interval = n >= 2 ? meanConfidenceInterval(values, { confidence: resolved.confidence }) : null;
        if (n < 2) notes.push(`${plural(n, "seed")}: mean only, no confidence interval${isReference ? "" : " and no test"}`);
        const cell: AblationCell = {
          metric,
          lowerIsBetter,
          task,
          condition,
          isReference,
          n,
          seeds,
          mean: mean(values),
          standardDeviation: n >= 2 ? sampleStandardDeviation(values) : null,
          confidenceInterval: interval ? interval.confidenceInterval : null,
          iqm: interquartileMean(values),
          comparison: null,
          notes,
        };
        cells.push(cell);
        if (isReference || n < 2) continue;
        if (reference.values.length < 2) {
          notes.push(
            reference.values.length === 0
              ? `no test: the reference ${JSON.stringify(resolved.reference)} has no runs here`
              : `no test: the reference ${JSON.stringify(resolved.reference)} has only 1 seed`,
          );
          continue;
        }
        const difference = cell.mean - mean(reference.values);
        let statistic: number;
        let degreesOfFreedom: number | null;
        let pValue: number;
        try {
          if (resolved.test === "welch") {
            const result = welchTTest(values, reference.values);
            statistic = result.statistic;
            degreesOfFreedom = result.degreesOfFreedom;
            pValue = result.pValue;
          } else {
            const result = mannWhitneyU(values, reference.values);
            statistic = result.statistic;
            degreesOfFreedom = null;
            pValue = result.pValue;
          }
        } catch (error) {
          if (!(error instanceof StatsInputError)) throw error;
          notes.push(`no test: ${error.problem} (this condition and the reference)`);
          continue;
        }
        let effect: number | null = null;
        try {
          effect = hedgesG(values, reference.values);
        } catch (error) {
          if (!(error instanceof StatsInputError)) throw error;
          notes.push("no Hedges' g: both samples are constant");
        }
        comparisons.set(cell, {
          reference: resolved.reference,
          referenceN: reference.values.length,
          difference,
          test: resolved.test,
          statistic,
          degreesOfFreedom,
          pValue,
          direction: difference === 0 ? "same" : (difference < 0) === lowerIsBetter ? "better" : "worse",
          hedgesG: effect,
          probabilityOfImprovement: lowerIsBetter
            ? probabilityOfImprovement(reference.values, values)
            : probabilityOfImprovement(values, reference.values),
        });
        pending.push({ cell, pValue });
      }
    }
  }

  const pValues = pending.map(({ pValue }) => pValue);
  let adjusted: number[];
  let reject: boolean[];
  if (resolved.correction === "holm") {
    ({ adjustedPValues: adjusted, reject } = holmBonferroni(pValues, { alpha: resolved.alpha }));
  } else if (resolved.correction === "benjamini-hochberg") {
    ({ adjustedPValues: adjusted, reject } = benjaminiHochberg(pValues, { alpha: resolved.alpha }));
  } else {
    adjusted = [...pValues];
    reject = pValues.map((pValue) => pValue <= resolved.alpha);
  }
  pending.forEach(({ cell }, index) => {
    const partial = comparisons.get(cell);
    if (partial === undefined) return;
    cell.comparison = { ...partial, adjustedPValue: adjusted[index], significant: reject[index] };
  });

  const data: AblationTableData = {
    options: resolved,
    tasks,
    cells,
    familySize: pending.length,
  };
  return {
    ...data,
    toMarkdown: () => ablationTableToMarkdown(data),
    toCsv: () => ablationTableToCsv(data),
    toJson: () => ablationTableToJson(data),
  };
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
  for (const cell of table.cells) {
    const decimals = decimalsByMetric[cell.metric];
    const meanText = cell.confidenceInterval
      ? `${formatFixed(cell.mean, decimals)} [${formatFixed(cell.confidenceInterval[0], decimals)}, ${formatFixed(cell.confidenceInterval[1], decimals)}]`
      : `${formatFixed(cell.mean, decimals)} (no CI)`;
    const comparison = cell.comparison;
    let noteMark = "";
    if (cell.notes.length > 0) {
      footnotes.push(...cell.notes.map((note) => `${cell.condition}${cell.task === null ? "" : ` / ${cell.task}`} / ${cell.metric}: ${note}`));
      noteMark = ` [${footnotes.length - cell.notes.length + 1}${cell.notes.length > 1 ? `-${footnotes.length}` : ""}]`;
    }
    const metricLabel = `${escapeMarkdown(cell.metric)} (${cell.lowerIsBetter ? "↓" : "↑"})`;
    const row = [
      metricLabel,
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
    lines.push(`| ${row.join(" | ")} |`);
  }
  const testLabel =
    options.test === "welch"
      ? "Welch's t-test"
      : "Mann-Whitney U test (exact without ties when the smaller group has at most 8 seeds, else normal approximation with tie and continuity corrections)";
  const correctionText =
    options.correction === "none"
      ? "no correction for multiple comparisons"
      : `${options.correction === "holm" ? "Holm-Bonferroni" : "Benjamini-Hochberg"} correction across the ${plural(table.familySize, "comparison")} of the table`;
  const legend = [
    "",
    `n = number of seeds behind the cell. Mean [CI]: two-sided ${percent} Student-t interval with n − 1 degrees of freedom. ` +
      "IQM: interquartile mean (drops ⌊n/4⌋ seeds at each end; equals the mean when n < 4). ↑ higher is better, ↓ lower is better.",
    `Δ, p: ${testLabel}, two-sided, unpaired, each condition against the reference ${JSON.stringify(options.reference)}; ` +
      `${correctionText}; * = significant at α = ${options.alpha} after correction.`,
    "Hedges' g: bias-corrected standardised difference (condition − reference). P(improvement): probability that a seed of the condition beats a seed of the reference (ties count ½).",
  ];
  if (footnotes.length > 0) {
    legend.push("", ...footnotes.map((note, index) => `[${index + 1}] ${note}`));
  }
  return `${[...lines, ...legend].join("\n")}\n`;
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
