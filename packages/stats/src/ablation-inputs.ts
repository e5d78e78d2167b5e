import type { AblationRun, AblationTableOptions, ResolvedAblationOptions } from "./ablation-table.js";
import { requireAlpha, requireChoice, requireConfidence, StatsInputError } from "./validation.js";

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

/** The runs and options of {@link ablationTable}, checked (every problem names its field and what is accepted), and the options resolved. */
export function readAblationInputs(runs: readonly AblationRun[], options: AblationTableOptions): { runs: AblationRun[]; resolved: ResolvedAblationOptions } {
  if (options === null || typeof options !== "object") {
    throw new StatsInputError(functionName, "options", "is missing", "an object with reference and metrics is accepted");
  }
  const metricsForValidation = Array.isArray(options.metrics) ? options.metrics.filter((metric) => typeof metric === "string") : [];
  const validRuns = validateRuns(runs, metricsForValidation);
  return { runs: validRuns, resolved: resolveOptions(validRuns, options) };
}
