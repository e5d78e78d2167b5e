/**
 * Two-sample permutation test of the difference in means, seeded.
 */
import { mean, shuffleInPlace, sum } from "simple-statistics";
import { type Alternative, alternatives } from "./distributions.js";
import { createRandomSource } from "./random.js";
import { requireChoice, requirePositiveInteger, requireSample, requireSeed, StatsInputError } from "./validation.js";

/** Options of {@link permutationTest}. */
export interface PermutationTestOptions {
  /** Seed of the random permutations (required: results are reproducible). */
  seed: number;
  /** Number of random permutations when the test is not exact. Default 10,000. */
  permutations?: number;
  /**
   * Alternative about mean(a) - mean(b): `"two-sided"` (default; |T| >= |t|),
   * `"greater"` (T >= t) or `"less"` (T <= t).
   */
  alternative?: Alternative;
  /**
   * `"auto"` (default): enumerate every split of the pooled values when there
   * are no more than `permutations` of them (an exact p-value), else sample.
   * `true` forces enumeration (throws beyond 10 million splits), `false`
   * forces random sampling.
   */
  exact?: "auto" | boolean;
}

/** Result of {@link permutationTest}. */
export interface PermutationTestResult {
  /** Observed mean(a) - mean(b). */
  statistic: number;
  /**
   * p-value. Exact: the share of all C(n_a + n_b, n_a) splits at least as
   * extreme as the observed one (the observed split included). Sampled:
   * (count + 1) / (permutations + 1) (Phipson & Smyth 2010), never 0.
   */
  pValue: number;
  /** True when every split was enumerated. */
  exact: boolean;
  /** Number of splits evaluated (all of them when exact). */
  permutations: number;
  /** Alternative hypothesis the p-value refers to. */
  alternative: Alternative;
  /** [n_a, n_b]. */
  sampleSizes: [number, number];
}

const maximumExactSplits = 10_000_000;

/** C(total, chosen), or Infinity once it exceeds `limit`. */
function boundedBinomial(total: number, chosen: number, limit: number): number {
  const k = Math.min(chosen, total - chosen);
  let value = 1;
  for (let step = 1; step <= k; step++) {
    value = (value * (total - k + step)) / step;
    if (value > limit) return Number.POSITIVE_INFINITY;
  }
  return Math.round(value);
}

/**
 * Permutation test of mean(a) - mean(b): the group labels are exchangeable
 * under the null hypothesis, so the observed difference is compared with the
 * differences of re-labelled splits of the pooled values (sizes kept).
 * Comparisons allow a relative tolerance of 1e-12 so that splits equal to the
 * observed one up to rounding count as "at least as extreme". Random splits
 * use simple-statistics' `shuffleInPlace` with a seeded Alea generator.
 * Each sample needs at least one finite value.
 */
export function permutationTest(
  a: readonly number[],
  b: readonly number[],
  options: PermutationTestOptions,
): PermutationTestResult {
  const { seed, permutations, alternative, exactOption } = readPermutationOptions(a, b, options);
  const sizeA = a.length;
  const sizeB = b.length;
  const pooled = [...a, ...b];
  const isExtreme = extremeTest(a, pooled, sizeB, alternative);
  const splits = boundedBinomial(pooled.length, sizeA, Math.max(permutations, maximumExactSplits));
  const exact = exactOption === "auto" ? splits <= permutations : exactOption;
  if (exact && !(splits <= maximumExactSplits)) {
    throw new StatsInputError(
      "permutationTest",
      "options.exact",
      `asks to enumerate more than ${maximumExactSplits} splits`,
      'use exact: "auto" or false to sample random permutations',
    );
  }
  const statistic = mean(a) - mean(b);
  if (exact) {
    const { extremeCount, evaluated } = countEverySplit(pooled, sizeA, isExtreme);
    return { statistic, pValue: extremeCount / evaluated, exact: true, permutations: evaluated, alternative, sampleSizes: [sizeA, sizeB] };
  }
  const extremeCount = countRandomSplits(pooled, sizeA, permutations, seed, isExtreme);
  return { statistic, pValue: (extremeCount + 1) / (permutations + 1), exact: false, permutations, alternative, sampleSizes: [sizeA, sizeB] };
}

/** {@link permutationTest}'s samples and options checked (each problem named), with the defaults filled in. */
function readPermutationOptions(a: readonly number[], b: readonly number[], options: PermutationTestOptions) {
  const functionName = "permutationTest";
  requireSample(functionName, "a", a, 1);
  requireSample(functionName, "b", b, 1);
  if (options === undefined || options === null) {
    throw new StatsInputError(functionName, "options", "is missing", "an object with at least a numeric seed is accepted");
  }
  const seed = requireSeed(functionName, "options.seed", options.seed);
  const permutations = requirePositiveInteger(functionName, "options.permutations", options.permutations ?? 10_000);
  const alternative = requireChoice(functionName, "options.alternative", options.alternative ?? "two-sided", alternatives);
  const exactOption = options.exact ?? "auto";
  if (exactOption !== "auto" && exactOption !== true && exactOption !== false) {
    throw new StatsInputError(functionName, "options.exact", `is ${String(exactOption)}`, '"auto", true or false is accepted');
  }
  return { seed, permutations, alternative, exactOption };
}

/**
 * Whether a split whose first group sums to `sumA` is at least as extreme as the observed one (`a` against the
 * rest of `pooled`), within a relative tolerance of 1e-12. The observed split is evaluated exactly as the
 * re-labelled ones are, so that it compares equal to itself.
 */
function extremeTest(a: readonly number[], pooled: readonly number[], sizeB: number, alternative: Alternative): (sumA: number) => boolean {
  const sizeA = a.length;
  const pooledSum = sum(pooled);
  const differenceFor = (sumA: number): number => sumA / sizeA - (pooledSum - sumA) / sizeB;
  let observedSumA = 0;
  for (const value of a) observedSumA += value;
  const reference = differenceFor(observedSumA);
  const scale = pooled.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
  const tolerance = 1e-12 * Math.max(scale, Number.MIN_VALUE);
  return (sumA) => {
    const difference = differenceFor(sumA);
    if (alternative === "greater") return difference >= reference - tolerance;
    if (alternative === "less") return difference <= reference + tolerance;
    return Math.abs(difference) >= Math.abs(reference) - tolerance;
  };
}

/** Every split of `pooled` into a first group of `sizeA` (combinations in lexicographic order): how many are extreme, of how many. */
function countEverySplit(pooled: readonly number[], sizeA: number, isExtreme: (sumA: number) => boolean): { extremeCount: number; evaluated: number } {
  const chosen = Array.from({ length: sizeA }, (_, index) => index);
  let extremeCount = 0;
  let evaluated = 0;
  for (;;) {
    let sumA = 0;
    for (const index of chosen) sumA += pooled[index];
    if (isExtreme(sumA)) extremeCount++;
    evaluated++;
    // Next combination in lexicographic order.
    let position = sizeA - 1;
    while (position >= 0 && chosen[position] === pooled.length - sizeA + position) position--;
    if (position < 0) break;
    chosen[position]++;
    for (let later = position + 1; later < sizeA; later++) chosen[later] = chosen[later - 1] + 1;
  }
  return { extremeCount, evaluated };
}

/** `permutations` random re-labellings of `pooled` (seeded shuffles): how many are extreme. */
function countRandomSplits(pooled: readonly number[], sizeA: number, permutations: number, seed: number, isExtreme: (sumA: number) => boolean): number {
  const random = createRandomSource(seed);
  const working = [...pooled];
  let extremeCount = 0;
  for (let iteration = 0; iteration < permutations; iteration++) {
    shuffleInPlace(working, random);
    let sumA = 0;
    for (let index = 0; index < sizeA; index++) sumA += working[index];
    if (isExtreme(sumA)) extremeCount++;
  }
  return extremeCount;
}
