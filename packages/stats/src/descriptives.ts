/**
 * Descriptive statistics of one sample. The sums, variances and quantiles
 * come from `simple-statistics`; the t-interval uses jstat's Student-t
 * quantile.
 */
import { max, mean, median, min, quantileSorted, sampleStandardDeviation, sampleVariance } from "simple-statistics";
import { studentTQuantile } from "./distributions.js";
import { requireConfidence, requireSample } from "./validation.js";

/** Summary of one sample, see {@link describe}. */
export interface SampleDescription {
  /** Number of values. */
  n: number;
  /** Arithmetic mean. */
  mean: number;
  /** Sample standard deviation (n - 1 denominator); `null` when n < 2. */
  standardDeviation: number | null;
  /** Standard error of the mean, sd / sqrt(n); `null` when n < 2. */
  standardError: number | null;
  /** Smallest value. */
  min: number;
  /** First quartile (linear interpolation, NumPy's default / type 7). */
  firstQuartile: number;
  /** Median. */
  median: number;
  /** Third quartile (linear interpolation, type 7). */
  thirdQuartile: number;
  /** Largest value. */
  max: number;
}

/**
 * Describes a sample: n, mean, sample standard deviation (n - 1), standard
 * error, min, quartiles (type 7) and max. Needs at least one finite value; the
 * spread fields are `null` for a single value rather than NaN.
 */
export function describe(values: readonly number[]): SampleDescription {
  requireSample("describe", "values", values, 1);
  const sorted = [...values].sort((left, right) => left - right);
  const n = values.length;
  const standardDeviation = n >= 2 ? sampleStandardDeviation(values) : null;
  return {
    n,
    mean: mean(values),
    standardDeviation,
    standardError: standardDeviation === null ? null : standardDeviation / Math.sqrt(n),
    min: min(values),
    firstQuartile: quantileSorted(sorted, 0.25),
    median: median(values),
    thirdQuartile: quantileSorted(sorted, 0.75),
    max: max(values),
  };
}

/** Options of {@link meanConfidenceInterval}. */
export interface MeanConfidenceIntervalOptions {
  /** Confidence level, strictly between 0 and 1. Default 0.95. */
  confidence?: number;
}

/** A t-interval for a mean, see {@link meanConfidenceInterval}. */
export interface MeanConfidenceInterval {
  /** Sample mean. */
  mean: number;
  /** [low, high] = mean -/+ t(1 - (1 - confidence) / 2, n - 1) * sd / sqrt(n). */
  confidenceInterval: [number, number];
  /** Confidence level used. */
  confidence: number;
  /** Number of values behind the interval (the real one). */
  n: number;
  /** n - 1. */
  degreesOfFreedom: number;
  /** Standard error of the mean, sd / sqrt(n). */
  standardError: number;
}

/**
 * Two-sided Student-t confidence interval of a mean with the real sample size:
 * `mean -/+ t(1 - (1 - confidence) / 2, n - 1) * s / sqrt(n)`. With 3 seeds the
 * quantile is t(0.975, 2) = 4.30, not 1.96: the interval is as wide as 3
 * seeds warrant. Needs at least 2 values.
 */
export function meanConfidenceInterval(
  values: readonly number[],
  options: MeanConfidenceIntervalOptions = {},
): MeanConfidenceInterval {
  requireSample("meanConfidenceInterval", "values", values, 2, "a confidence interval needs a variance");
  const confidence = requireConfidence(
    "meanConfidenceInterval",
    "options.confidence",
    options.confidence ?? 0.95,
  );
  const n = values.length;
  const sampleMean = mean(values);
  const standardError = Math.sqrt(sampleVariance(values) / n);
  const degreesOfFreedom = n - 1;
  const quantile = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom);
  return {
    mean: sampleMean,
    confidenceInterval: [sampleMean - quantile * standardError, sampleMean + quantile * standardError],
    confidence,
    n,
    degreesOfFreedom,
    standardError,
  };
}
