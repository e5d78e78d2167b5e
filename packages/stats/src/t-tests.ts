/**
 * Two-sample (Welch, Student) and paired t-tests with p-values and confidence
 * intervals of the difference.
 *
 * simple-statistics supplies the means and variances; its own `tTestTwoSample`
 * is not used because it returns the pooled-variance statistic only (no
 * p-value, no Welch), and its `tTest` uses the population standard deviation.
 * The p-values and quantiles come from jstat's Student-t distribution.
 */
import { mean, sampleVariance } from "simple-statistics";
import { type Alternative, alternatives, studentTQuantile, tPValue } from "./distributions.js";
import {
  requireChoice,
  requireConfidence,
  requireSameLength,
  requireSample,
  StatsInputError,
} from "./validation.js";

/** Options shared by the t-tests. */
export interface TTestOptions {
  /**
   * Alternative hypothesis about mean(a) - mean(b) (or the mean paired
   * difference): `"two-sided"` (default), `"greater"` (a > b) or `"less"` (a < b).
   */
  alternative?: Alternative;
  /** Confidence level of the interval, strictly between 0 and 1. Default 0.95. */
  confidence?: number;
}

/** Result of a t-test. */
export interface TTestResult {
  /** The t statistic, (mean(a) - mean(b)) / standardError. */
  statistic: number;
  /** Degrees of freedom (real-valued for Welch). */
  degreesOfFreedom: number;
  /** p-value for the chosen alternative (two-sided by default). */
  pValue: number;
  /** mean(a) - mean(b); for the paired test, the mean of a[i] - b[i]. */
  meanDifference: number;
  /** Standard error of `meanDifference`. */
  standardError: number;
  /**
   * Confidence interval of the difference at `confidence`: two-sided
   * `meanDifference -/+ t(1 - (1 - confidence) / 2, df) * standardError`; for
   * `"greater"` the upper end is `Infinity`, for `"less"` the lower end is
   * `-Infinity` (one-sided bounds, as SciPy).
   */
  confidenceInterval: [number, number];
  /** Confidence level of the interval. */
  confidence: number;
  /** Alternative hypothesis the p-value refers to. */
  alternative: Alternative;
  /** Sample sizes [n(a), n(b)]; for the paired test, [pairs, pairs]. */
  sampleSizes: [number, number];
}

function readOptions(functionName: string, options: TTestOptions): { alternative: Alternative; confidence: number } {
  return {
    alternative: requireChoice(functionName, "options.alternative", options.alternative ?? "two-sided", alternatives),
    confidence: requireConfidence(functionName, "options.confidence", options.confidence ?? 0.95),
  };
}

/** True when every value equals the first (so the sample variance is exactly 0, whatever rounding says). */
function isConstant(values: readonly number[]): boolean {
  return values.every((value) => value === values[0]);
}

function finish(
  functionName: string,
  spreadArgument: string,
  meanDifference: number,
  standardError: number,
  degreesOfFreedom: number,
  alternative: Alternative,
  confidence: number,
  sampleSizes: [number, number],
  constant: boolean,
): TTestResult {
  if (constant || !(standardError > 0)) {
    throw new StatsInputError(
      functionName,
      spreadArgument,
      spreadArgument === "a - b"
        ? "has zero variance (every paired difference is the same), so the t statistic is undefined"
        : "both have zero variance (each sample is constant), so the t statistic is undefined",
      "samples with some spread are accepted; for constant data compare the values directly or use mannWhitneyU / permutationTest",
    );
  }
  const statistic = meanDifference / standardError;
  const pValue = tPValue(statistic, degreesOfFreedom, alternative);
  let confidenceInterval: [number, number];
  if (alternative === "two-sided") {
    const quantile = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom);
    confidenceInterval = [meanDifference - quantile * standardError, meanDifference + quantile * standardError];
  } else {
    const quantile = studentTQuantile(confidence, degreesOfFreedom);
    confidenceInterval =
      alternative === "greater"
        ? [meanDifference - quantile * standardError, Number.POSITIVE_INFINITY]
        : [Number.NEGATIVE_INFINITY, meanDifference + quantile * standardError];
  }
  return {
    statistic,
    degreesOfFreedom,
    pValue,
    meanDifference,
    standardError,
    confidenceInterval,
    confidence,
    alternative,
    sampleSizes,
  };
}

/**
 * Welch's unequal-variance two-sample t-test of mean(a) - mean(b)
 * (SciPy's `ttest_ind(a, b, equal_var=False)`).
 *
 * standardError = sqrt(s_a^2 / n_a + s_b^2 / n_b); degrees of freedom by the
 * Welch-Satterthwaite equation. Each sample needs at least 2 finite values.
 * Throws a {@link StatsInputError} when both samples have zero variance.
 */
export function welchTTest(a: readonly number[], b: readonly number[], options: TTestOptions = {}): TTestResult {
  const functionName = "welchTTest";
  requireSample(functionName, "a", a, 2, "a variance needs at least 2 values");
  requireSample(functionName, "b", b, 2, "a variance needs at least 2 values");
  const { alternative, confidence } = readOptions(functionName, options);
  const varianceOfMeanA = sampleVariance(a) / a.length;
  const varianceOfMeanB = sampleVariance(b) / b.length;
  const varianceOfDifference = varianceOfMeanA + varianceOfMeanB;
  const degreesOfFreedom =
    (varianceOfDifference * varianceOfDifference) /
    ((varianceOfMeanA * varianceOfMeanA) / (a.length - 1) + (varianceOfMeanB * varianceOfMeanB) / (b.length - 1));
  return finish(
    functionName,
    "a, b",
    mean(a) - mean(b),
    Math.sqrt(varianceOfDifference),
    degreesOfFreedom,
    alternative,
    confidence,
    [a.length, b.length],
    isConstant(a) && isConstant(b),
  );
}

/**
 * Student's equal-variance two-sample t-test of mean(a) - mean(b)
 * (SciPy's `ttest_ind(a, b)`): pooled variance
 * s_p^2 = ((n_a - 1) s_a^2 + (n_b - 1) s_b^2) / (n_a + n_b - 2),
 * standardError = s_p sqrt(1 / n_a + 1 / n_b), n_a + n_b - 2 degrees of freedom.
 * Each sample needs at least 1 value and together at least 3 (so that the
 * pooled variance has a degree of freedom). Prefer {@link welchTTest} unless
 * the variances are known to be equal.
 */
export function studentTTest(a: readonly number[], b: readonly number[], options: TTestOptions = {}): TTestResult {
  const functionName = "studentTTest";
  requireSample(functionName, "a", a, 1);
  requireSample(functionName, "b", b, 1);
  if (a.length + b.length < 3) {
    throw new StatsInputError(
      functionName,
      "a, b",
      `have ${a.length + b.length} values together`,
      "at least 3 values in total are accepted (the pooled variance needs n_a + n_b - 2 >= 1)",
    );
  }
  const { alternative, confidence } = readOptions(functionName, options);
  const degreesOfFreedom = a.length + b.length - 2;
  const sumOfSquaresA = a.length > 1 ? sampleVariance(a) * (a.length - 1) : 0;
  const sumOfSquaresB = b.length > 1 ? sampleVariance(b) * (b.length - 1) : 0;
  const pooledVariance = (sumOfSquaresA + sumOfSquaresB) / degreesOfFreedom;
  const standardError = Math.sqrt(pooledVariance * (1 / a.length + 1 / b.length));
  return finish(
    functionName,
    "a, b",
    mean(a) - mean(b),
    standardError,
    degreesOfFreedom,
    alternative,
    confidence,
    [a.length, b.length],
    isConstant(a) && isConstant(b),
  );
}

/**
 * Paired t-test on the differences a[i] - b[i] (SciPy's `ttest_rel(a, b)`):
 * statistic = mean(d) / (s_d / sqrt(n)), n - 1 degrees of freedom. `a` and `b`
 * must have the same length, at least 2 pairs. Use it when the two conditions
 * share seeds (the same seed run under both).
 */
export function pairedTTest(a: readonly number[], b: readonly number[], options: TTestOptions = {}): TTestResult {
  const functionName = "pairedTTest";
  requireSample(functionName, "a", a, 2, "a variance of differences needs at least 2 pairs");
  requireSample(functionName, "b", b, 2, "a variance of differences needs at least 2 pairs");
  requireSameLength(functionName, "a", a, "b", b);
  const { alternative, confidence } = readOptions(functionName, options);
  const differences = a.map((value, index) => value - b[index]);
  const n = differences.length;
  return finish(
    functionName,
    "a - b",
    mean(differences),
    Math.sqrt(sampleVariance(differences) / n),
    n - 1,
    alternative,
    confidence,
    [n, n],
    isConstant(differences),
  );
}
