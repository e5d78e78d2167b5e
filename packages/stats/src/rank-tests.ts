/**
 * Mann-Whitney U test (Wilcoxon rank-sum test) for two independent samples,
 * following SciPy 1.10's `mannwhitneyu` conventions.
 */
import { wilcoxonRankSum } from "simple-statistics";
import { type Alternative, alternatives, normalSurvival } from "./distributions.js";
import { requireChoice, requireSample, StatsInputError } from "./validation.js";

/** How the Mann-Whitney p-value is computed. */
export type MannWhitneyMethod = "auto" | "exact" | "asymptotic";

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /**
   * Alternative hypothesis: `"two-sided"` (default), `"greater"` (values of
   * `a` tend to be larger than those of `b`) or `"less"`.
   */
  alternative?: MannWhitneyAlternative;
  /**
   * `"exact"`: the exact null distribution of U (only without ties).
   * `"asymptotic"`: normal approximation with the tie-corrected variance and
   * (by default) a continuity correction. `"auto"` (default, SciPy 1.10's
   * rule): exact when there are no ties and the smaller sample has at most 8
   * values, asymptotic otherwise.
   */
  method?: MannWhitneyMethod;
  /** Apply the 0.5 continuity correction in the normal approximation. Default true. */
  continuityCorrection?: boolean;
}

/** Alternatives accepted by {@link mannWhitneyU}. */
export type MannWhitneyAlternative = Alternative;

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /**
   * U of the first sample `a` (SciPy's convention): the number of pairs
   * (a[i], b[j]) with a[i] > b[j], plus half the number of ties.
   * Equals rankSumA - n_a (n_a + 1) / 2.
   */
  statistic: number;
  /** U of the second sample, n_a n_b - statistic. */
  statisticB: number;
  /** Sum of the (tie-averaged) ranks of `a` in the pooled sample. */
  rankSumA: number;
  /** p-value for the chosen alternative. */
  pValue: number;
  /** The method actually used (after resolving `"auto"`). */
  method: "exact" | "asymptotic";
  /** Alternative hypothesis the p-value refers to. */
  alternative: MannWhitneyAlternative;
  /**
   * The standardised statistic of the normal approximation, signed like
   * U - n_a n_b / 2 (continuity correction included when applied); `null` for
   * the exact method or when every value is identical.
   */
  zScore: number | null;
  /** True when the pooled sample has tied values. */
  hasTies: boolean;
  /**
   * statistic / (n_a n_b): the probability that a random value of `a`
   * exceeds a random value of `b`, ties counting one half (the common-language
   * effect size, equal to {@link probabilityOfImprovement}(a, b)).
   */
  probabilityOfSuperiority: number;
  /** [n_a, n_b]. */
  sampleSizes: [number, number];
}

/**
 * Number of arrangements giving each value of U (0 .. m n) for samples of
 * sizes m and n without ties: the coefficients of the Gaussian binomial
 * [m + n choose m]_q, built as a product of (1 - q^(larger + i)) / (1 - q^i).
 * Every partial product is itself a Gaussian binomial, so the coefficients
 * stay non-negative integers.
 */
function exactCountsOfU(m: number, n: number): number[] {
  const smaller = Math.min(m, n);
  const larger = Math.max(m, n);
  let coefficients = [1];
  for (let step = 1; step <= smaller; step++) {
    const shift = larger + step;
    const degree = step * larger;
    const next = new Array<number>(Math.max(coefficients.length + shift, degree + 1)).fill(0);
    for (let power = 0; power < coefficients.length; power++) {
      next[power] += coefficients[power];
      next[power + shift] -= coefficients[power];
    }
    for (let power = step; power < next.length; power++) next[power] += next[power - step];
    coefficients = next.slice(0, degree + 1);
  }
  return coefficients;
}

/** P(U >= u) under the null hypothesis, from the exact counts. */
function exactUpperTail(counts: readonly number[], u: number): number {
  let total = 0;
  let tail = 0;
  for (let value = 0; value < counts.length; value++) {
    total += counts[value];
    if (value >= u) tail += counts[value];
  }
  return tail / total;
}

/**
 * Mann-Whitney U test of two independent samples (SciPy 1.10
 * `mannwhitneyu(a, b, alternative, method)`).
 *
 * Returns U of the first sample (`statistic`). The two-sided p-value is
 * computed from U = max(U_a, U_b): asymptotically as 2 P(Z >= (U - n_a n_b / 2
 * - 0.5) / sigma) with sigma^2 = n_a n_b / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1)))
 * (tie correction over the groups of t tied values), exactly as 2 P(U >= u)
 * under the permutation distribution; capped at 1. When every pooled value
 * is identical the p-value is 1 (there is no evidence of a difference), as in
 * SciPy. The rank sum comes from simple-statistics' `wilcoxonRankSum`.
 *
 * Each sample needs at least one finite value. Asking for `method: "exact"`
 * with ties throws (the exact distribution assumes no ties).
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const { alternative, requestedMethod, continuityCorrection } = readMannWhitneyOptions(a, b, options);
  const sizeA = a.length;
  const sizeB = b.length;
  const rankSumA = wilcoxonRankSum(a, b);
  const statistic = rankSumA - (sizeA * (sizeA + 1)) / 2;
  const statisticB = sizeA * sizeB - statistic;
  const { hasTies, tieTerm } = pooledTies(a, b);
  const method = requestedMethod === "auto" ? (!hasTies && Math.min(sizeA, sizeB) <= 8 ? "exact" : "asymptotic") : requestedMethod;
  if (method === "exact" && hasTies) {
    throw new StatsInputError(
      "mannWhitneyU",
      "a, b",
      "contain tied values, for which the exact distribution of U does not hold",
      'use method "asymptotic" (tie-corrected) or "auto", or permutationTest',
    );
  }
  // The U whose upper tail is the p-value: the larger one for two-sided.
  const testedU =
    alternative === "two-sided" ? Math.max(statistic, statisticB) : alternative === "greater" ? statistic : statisticB;
  let pValue: number;
  let zScore: number | null = null;
  if (method === "exact") pValue = exactUpperTail(exactCountsOfU(sizeA, sizeB), testedU);
  else {
    const normal = normalUpperTail(sizeA, sizeB, tieTerm, testedU, continuityCorrection);
    pValue = normal ? normal.pValue : alternative === "two-sided" ? 0.5 : 1;
    if (normal) zScore = (alternative === "less" ? -1 : alternative === "two-sided" && statistic < statisticB ? -1 : 1) * normal.z;
  }
  if (alternative === "two-sided") pValue *= 2;
  pValue = Math.min(1, pValue);
  return {
    statistic,
    statisticB,
    rankSumA,
    pValue,
    method,
    alternative,
    zScore,
    hasTies,
    probabilityOfSuperiority: statistic / (sizeA * sizeB),
    sampleSizes: [sizeA, sizeB],
  };
}

/** {@link mannWhitneyU}'s samples and options checked (each problem named), with the defaults filled in. */
function readMannWhitneyOptions(a: readonly number[], b: readonly number[], options: MannWhitneyOptions) {
  const functionName = "mannWhitneyU";
  requireSample(functionName, "a", a, 1);
  requireSample(functionName, "b", b, 1);
  const alternative = requireChoice(functionName, "options.alternative", options.alternative ?? "two-sided", alternatives);
  const requestedMethod = requireChoice(functionName, "options.method", options.method ?? "auto", [
    "auto",
    "exact",
    "asymptotic",
  ] as const);
  const continuityCorrection = options.continuityCorrection ?? true;
  if (typeof continuityCorrection !== "boolean") {
    throw new StatsInputError(
      functionName,
      "options.continuityCorrection",
      `is ${String(continuityCorrection)}`,
      "true or false is accepted",
    );
  }
  return { alternative, requestedMethod, continuityCorrection };
}

/** Whether the pooled samples have ties, and the tie correction's sum of t^3 - t over the groups of t tied values. */
function pooledTies(a: readonly number[], b: readonly number[]): { hasTies: boolean; tieTerm: number } {
  const pooled = [...a, ...b].sort((left, right) => left - right);
  let tieTerm = 0;
  let hasTies = false;
  for (let start = 0; start < pooled.length; ) {
    let end = start + 1;
    while (end < pooled.length && pooled[end] === pooled[start]) end++;
    const tied = end - start;
    if (tied > 1) {
      hasTies = true;
      tieTerm += tied * tied * tied - tied;
    }
    start = end;
  }
  return { hasTies, tieTerm };
}

/**
 * The normal approximation's upper tail P(Z >= z) at `testedU` (tie-corrected variance, optional continuity
 * correction), with its z; undefined when the variance is 0 (every pooled value identical).
 */
function normalUpperTail(sizeA: number, sizeB: number, tieTerm: number, testedU: number, continuityCorrection: boolean): { pValue: number; z: number } | undefined {
  const total = sizeA + sizeB;
  const meanOfU = (sizeA * sizeB) / 2;
  const varianceOfU = ((sizeA * sizeB) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  if (!(varianceOfU > 0)) return undefined;
  const standardDeviation = Math.sqrt(varianceOfU);
  const z = (testedU - meanOfU - (continuityCorrection ? 0.5 : 0)) / standardDeviation;
  return { pValue: normalSurvival(z), z };
}
