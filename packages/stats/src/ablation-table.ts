/**
 * Ablation tables: from runs (condition x seed x metric) to a table of means
 * with confidence intervals, interquartile means, tests against a reference
 * condition corrected across the whole table, effect sizes and significance
 * marks, as a structure (here) and as markdown, CSV and JSON
 * (`ablation-format.ts`); the runs and options are checked in `ablation-inputs.ts`.
 */
import { mean, sampleStandardDeviation } from "simple-statistics";
import { readAblationInputs } from "./ablation-inputs.js";
import { ablationTableToCsv, ablationTableToJson, ablationTableToMarkdown, plural } from "./ablation-format.js";
import { interquartileMean } from "./aggregates.js";
import { benjaminiHochberg, holmBonferroni } from "./corrections.js";
import { meanConfidenceInterval } from "./descriptives.js";
import { hedgesG, probabilityOfImprovement } from "./effect-sizes.js";
import { mannWhitneyU } from "./rank-tests.js";
import { welchTTest } from "./t-tests.js";
import { StatsInputError } from "./validation.js";

export { ablationTableToCsv, ablationTableToJson, ablationTableToMarkdown } from "./ablation-format.js";

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

/** A comparison before the family's correction. */
type UncorrectedComparison = Omit<AblationComparison, "adjustedPValue" | "significant">;

/** One condition's measured values of a metric in a task, by seed, and how many of its runs leave the metric undefined. */
interface ConditionSample {
  seeds: number[];
  values: number[];
  undefinedRuns: number;
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
  const { runs: validRuns, resolved } = readAblationInputs(runs, options);
  const tasks = tableTasks(validRuns);
  const cells: AblationCell[] = [];
  const family: { cell: AblationCell; comparison: UncorrectedComparison }[] = [];
  for (const metric of resolved.metrics) {
    for (const task of tasks) {
      const reference = conditionSample(validRuns, metric, task, resolved.reference);
      for (const condition of resolved.conditions) {
        const sample = conditionSample(validRuns, metric, task, condition);
        if (sample.values.length === 0) continue;
        const cell = summarizeCell(resolved, metric, task, condition, sample);
        cells.push(cell);
        const comparison = compareToReference(resolved, cell, sample.values, reference.values);
        if (comparison) family.push({ cell, comparison });
      }
    }
  }
  correctFamily(resolved, family);
  const data: AblationTableData = { options: resolved, tasks, cells, familySize: family.length };
  return {
    ...data,
    toMarkdown: () => ablationTableToMarkdown(data),
    toCsv: () => ablationTableToCsv(data),
    toJson: () => ablationTableToJson(data),
  };
}

/** The table's tasks in order of first appearance, or `[null]` when no run has one (a run without a task, among runs with, is "(no task)"). */
function tableTasks(runs: readonly AblationRun[]): (string | null)[] {
  const hasTasks = runs.some((run) => run.task !== undefined);
  const tasks: (string | null)[] = [];
  for (const run of runs) {
    const task = hasTasks ? (run.task ?? "(no task)") : null;
    if (!tasks.includes(task)) tasks.push(task);
  }
  return tasks;
}

/** `condition`'s runs in `task` (every run when tasks are `null`), by seed: the metric's values where it is defined. */
function conditionSample(runs: readonly AblationRun[], metric: string, task: string | null, condition: string): ConditionSample {
  const selected = runs
    .filter((run) => run.condition === condition && (task === null || (run.task ?? "(no task)") === task))
    .sort((left, right) => left.seed - right.seed);
  const measured = selected.filter((run) => run.metrics[metric] !== null);
  return {
    seeds: measured.map((run) => run.seed),
    values: measured.map((run) => run.metrics[metric] as number),
    undefinedRuns: selected.length - measured.length,
  };
}

/** One cell's summary (n, mean, interval, SD, IQM) with notes on what it leaves out; its comparison comes later. */
function summarizeCell(resolved: ResolvedAblationOptions, metric: string, task: string | null, condition: string, sample: ConditionSample): AblationCell {
  const { seeds, values, undefinedRuns } = sample;
  const isReference = condition === resolved.reference;
  const notes: string[] = [];
  if (undefinedRuns > 0) notes.push(`${plural(undefinedRuns, "run")} left out: the metric is not defined for ${undefinedRuns === 1 ? "it" : "them"}`);
  const n = values.length;
  const interval = n >= 2 ? meanConfidenceInterval(values, { confidence: resolved.confidence }) : null;
  if (n < 2) notes.push(`${plural(n, "seed")}: mean only, no confidence interval${isReference ? "" : " and no test"}`);
  return {
    metric,
    lowerIsBetter: resolved.lowerIsBetter[metric],
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
}

/**
 * The cell's test against the reference, with its effect sizes; null (and a note on the cell saying why, where
 * there is one) for the reference itself, a cell of one seed, a reference of fewer than 2, or an undefined statistic.
 */
function compareToReference(resolved: ResolvedAblationOptions, cell: AblationCell, values: number[], referenceValues: number[]): UncorrectedComparison | null {
  if (cell.isReference || cell.n < 2) return null;
  const reference = JSON.stringify(resolved.reference);
  if (referenceValues.length < 2) {
    cell.notes.push(referenceValues.length === 0 ? `no test: the reference ${reference} has no runs here` : `no test: the reference ${reference} has only 1 seed`);
    return null;
  }
  let test: { statistic: number; degreesOfFreedom: number | null; pValue: number };
  try {
    test = resolved.test === "welch" ? welchTTest(values, referenceValues) : { ...mannWhitneyU(values, referenceValues), degreesOfFreedom: null };
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    cell.notes.push(`no test: ${error.problem} (this condition and the reference)`);
    return null;
  }
  let effect: number | null = null;
  try {
    effect = hedgesG(values, referenceValues);
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    cell.notes.push("no Hedges' g: both samples are constant");
  }
  const difference = cell.mean - mean(referenceValues);
  const lowerIsBetter = cell.lowerIsBetter;
  return {
    reference: resolved.reference,
    referenceN: referenceValues.length,
    difference,
    test: resolved.test,
    statistic: test.statistic,
    degreesOfFreedom: test.degreesOfFreedom,
    pValue: test.pValue,
    direction: difference === 0 ? "same" : (difference < 0) === lowerIsBetter ? "better" : "worse",
    hedgesG: effect,
    probabilityOfImprovement: lowerIsBetter ? probabilityOfImprovement(referenceValues, values) : probabilityOfImprovement(values, referenceValues),
  };
}

/** Corrects the whole table's p-values as one family (Holm, Benjamini-Hochberg or none) and gives each cell its comparison. */
function correctFamily(resolved: ResolvedAblationOptions, family: { cell: AblationCell; comparison: UncorrectedComparison }[]): void {
  const pValues = family.map(({ comparison }) => comparison.pValue);
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
  family.forEach(({ cell, comparison }, index) => {
    cell.comparison = { ...comparison, adjustedPValue: adjusted[index], significant: reject[index] };
  });
}
