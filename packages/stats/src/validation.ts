/**
 * Input checks shared by every public function. Bad input never turns into a
 * silent `NaN`: it raises a {@link StatsInputError} that names the function,
 * the argument, what was wrong with it and what is accepted.
 */

/**
 * Error thrown for invalid input (empty samples, too few values for a
 * variance, NaN or infinite values, pairs of unequal length, options out of
 * range) and for statistics that are undefined on the given data (for
 * example a t statistic when both samples have zero variance).
 *
 * The message reads `functionName: argument "name" <problem>; <what is accepted>.`
 */
export class StatsInputError extends Error {
  /** The public function that rejected its input, e.g. `welchTTest`. */
  readonly functionName: string;
  /** The argument (or option) that was rejected, e.g. `a` or `options.confidence`. */
  readonly argument: string;
  /** What was wrong with it. */
  readonly problem: string;
  /** What would have been accepted. */
  readonly accepted: string;

  constructor(functionName: string, argument: string, problem: string, accepted: string) {
    super(`${functionName}: argument "${argument}" ${problem}; ${accepted}.`);
    this.name = "StatsInputError";
    this.functionName = functionName;
    this.argument = argument;
    this.problem = problem;
    this.accepted = accepted;
  }
}

function describeValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined (missing)";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * Checks that `values` is an array of at least `minimumLength` finite numbers.
 * @param functionName public function doing the check (used in the message)
 * @param argument name of the argument being checked
 * @param values the value received
 * @param minimumLength fewest values accepted (default 1)
 * @param purpose why that many are needed, e.g. "to estimate a variance"
 * @returns the same array, typed
 */
export function requireSample(
  functionName: string,
  argument: string,
  values: unknown,
  minimumLength = 1,
  purpose?: string,
): readonly number[] {
  const accepted = `an array of at least ${minimumLength} finite number${minimumLength === 1 ? "" : "s"} is accepted${
    purpose ? ` (${purpose})` : ""
  }`;
  if (!Array.isArray(values)) {
    throw new StatsInputError(functionName, argument, `is not an array (got ${describeValue(values)})`, accepted);
  }
  for (let index = 0; index < values.length; index++) {
    const value: unknown = values[index];
    if (typeof value !== "number") {
      throw new StatsInputError(
        functionName,
        argument,
        `contains ${describeValue(value)} at index ${index}`,
        "only finite numbers are accepted",
      );
    }
    if (!Number.isFinite(value)) {
      throw new StatsInputError(
        functionName,
        argument,
        `contains ${value} at index ${index}`,
        "only finite numbers are accepted (remove or impute NaN and infinite values first)",
      );
    }
  }
  if (values.length < minimumLength) {
    const problem =
      values.length === 0 ? "is empty" : `has only ${values.length} value${values.length === 1 ? "" : "s"}`;
    throw new StatsInputError(functionName, argument, problem, accepted);
  }
  return values as readonly number[];
}

/** Checks that two samples have the same length (paired data). */
export function requireSameLength(
  functionName: string,
  firstArgument: string,
  first: readonly unknown[],
  secondArgument: string,
  second: readonly unknown[],
): void {
  if (first.length !== second.length) {
    throw new StatsInputError(
      functionName,
      `${firstArgument}, ${secondArgument}`,
      `have unequal lengths (${first.length} and ${second.length})`,
      "paired samples must have one value of each per pair, so equal lengths are required",
    );
  }
}

/** Checks a confidence level: a number strictly between 0 and 1. */
export function requireConfidence(functionName: string, argument: string, confidence: unknown): number {
  if (typeof confidence !== "number" || !Number.isFinite(confidence) || confidence <= 0 || confidence >= 1) {
    throw new StatsInputError(
      functionName,
      argument,
      `is ${describeValue(confidence)}`,
      "a confidence level strictly between 0 and 1 (e.g. 0.95) is accepted",
    );
  }
  return confidence;
}

/** Checks a significance level: a number strictly between 0 and 1. */
export function requireAlpha(functionName: string, argument: string, alpha: unknown): number {
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha <= 0 || alpha >= 1) {
    throw new StatsInputError(
      functionName,
      argument,
      `is ${describeValue(alpha)}`,
      "a significance level strictly between 0 and 1 (e.g. 0.05) is accepted",
    );
  }
  return alpha;
}

/** Checks a positive integer (counts of resamples, permutations...). */
export function requirePositiveInteger(
  functionName: string,
  argument: string,
  value: unknown,
  minimum = 1,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    throw new StatsInputError(
      functionName,
      argument,
      `is ${describeValue(value)}`,
      `an integer of at least ${minimum} is accepted`,
    );
  }
  return value;
}

/** Checks a random seed: any finite number. */
export function requireSeed(functionName: string, argument: string, seed: unknown): number {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new StatsInputError(
      functionName,
      argument,
      `is ${describeValue(seed)}`,
      "a finite number is accepted as the random seed (results are reproducible for a given seed)",
    );
  }
  return seed;
}

/** Checks one of a fixed set of string options. */
export function requireChoice<T extends string>(
  functionName: string,
  argument: string,
  value: unknown,
  choices: readonly T[],
): T {
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    throw new StatsInputError(
      functionName,
      argument,
      `is ${typeof value === "string" ? JSON.stringify(value) : describeValue(value)}`,
      `one of ${choices.map((choice) => JSON.stringify(choice)).join(", ")} is accepted`,
    );
  }
  return value as T;
}

/** Checks a degrees-of-freedom value: a finite number greater than 0. */
export function requireDegreesOfFreedom(functionName: string, argument: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new StatsInputError(
      functionName,
      argument,
      `is ${describeValue(value)}`,
      "a finite number of degrees of freedom greater than 0 is accepted",
    );
  }
  return value;
}

/** Checks a finite number. */
export function requireFinite(functionName: string, argument: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new StatsInputError(functionName, argument, `is ${describeValue(value)}`, "a finite number is accepted");
  }
  return value;
}
