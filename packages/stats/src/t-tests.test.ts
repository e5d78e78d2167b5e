import { tTestTwoSample } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { pairedTTest, studentTTest, welchTTest } from "./t-tests.js";
import { StatsInputError } from "./validation.js";

// Reference values below were computed with SciPy 1.17 (ttest_ind / ttest_rel
// and their confidence_interval()), or by hand where stated.
const a = [1.7376, 2.1462, 1.7048, 3.8157, 2.6116];
const b = [4.5941, 1.3029, 2.8403, 1.2235, 0.7435];

describe("welchTTest", () => {
  it("matches hand computation on small integers", () => {
    // a: mean 2, variance 1; b: mean 4, variance 4.
    // se^2 = 1/3 + 4/3 = 5/3, t = -2 / sqrt(5/3), df = (5/3)^2 / ((1/3)^2/2 + (4/3)^2/2) = 50/17.
    const result = welchTTest([1, 2, 3], [2, 4, 6]);
    expect(result.statistic).toBeCloseTo(-2 / Math.sqrt(5 / 3), 12);
    expect(result.degreesOfFreedom).toBeCloseTo(50 / 17, 12);
    expect(result.meanDifference).toBeCloseTo(-2, 12);
    expect(result.standardError).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(result.sampleSizes).toEqual([3, 3]);
  });

  it("gives SciPy's two-sided p and confidence interval of the difference", () => {
    const result = welchTTest(a, b);
    expect(result.pValue).toBeCloseTo(0.7559201735603716, 7);
    expect(result.confidenceInterval[0]).toBeCloseTo(-1.6964108685969745, 6);
    expect(result.confidenceInterval[1]).toBeCloseTo(2.2210508685969743, 6);
    const ninety = welchTTest(a, b, { confidence: 0.9 });
    expect(ninety.confidenceInterval[0]).toBeCloseTo(-1.296691183890605, 6);
    expect(ninety.confidenceInterval[1]).toBeCloseTo(1.821331183890604, 6);
  });

  it("supports one-sided alternatives with one-sided bounds", () => {
    const greater = welchTTest(a, b, { alternative: "greater" });
    expect(greater.pValue).toBeCloseTo(0.3779600867801858, 7);
    expect(greater.confidenceInterval[0]).toBeCloseTo(-1.2966911838906043, 6);
    expect(greater.confidenceInterval[1]).toBe(Number.POSITIVE_INFINITY);
    const less = welchTTest(a, b, { alternative: "less" });
    expect(less.pValue).toBeCloseTo(0.6220399132198142, 7);
    expect(less.confidenceInterval[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(greater.pValue + less.pValue).toBeCloseTo(1, 12);
  });

  it("is antisymmetric in its arguments", () => {
    const forward = welchTTest(a, b);
    const backward = welchTTest(b, a);
    expect(backward.statistic).toBeCloseTo(-forward.statistic, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
  });

  it("keeps relative accuracy for tiny p-values", () => {
    const low = [1, 1.1, 0.9, 1.05, 0.95, 1.02, 0.98];
    const high = low.map((value) => value + 5);
    const result = welchTTest(low, high);
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.pValue).toBeLessThan(1e-12);
  });
});

describe("studentTTest", () => {
  it("uses the pooled variance and n_a + n_b - 2 degrees of freedom", () => {
    // pooled variance (2 * 1 + 2 * 4) / 4 = 2.5, se = sqrt(2.5 * 2/3) = sqrt(5/3).
    const result = studentTTest([1, 2, 3], [2, 4, 6]);
    expect(result.statistic).toBeCloseTo(-2 / Math.sqrt(5 / 3), 12);
    expect(result.degreesOfFreedom).toBe(4);
  });

  it("has the same statistic as simple-statistics' tTestTwoSample (which gives no p-value)", () => {
    expect(studentTTest(a, b).statistic).toBeCloseTo(tTestTwoSample(a, b, 0) as number, 12);
  });

  it("gives SciPy's p and interval", () => {
    const result = studentTTest(a, b);
    expect(result.pValue).toBeCloseTo(0.753607472340979, 7);
    expect(result.confidenceInterval[0]).toBeCloseTo(-1.599652742674369, 6);
    expect(result.confidenceInterval[1]).toBeCloseTo(2.1242927426743687, 6);
  });

  it("accepts a single value in one sample when the other has spread", () => {
    const result = studentTTest([5], [1, 2, 3]);
    // pooled variance = (0 + 2) / 2 = 1, se = sqrt(1 + 1/3), t = 3 / se.
    expect(result.statistic).toBeCloseTo(3 / Math.sqrt(4 / 3), 12);
    expect(result.degreesOfFreedom).toBe(2);
  });
});

describe("pairedTTest", () => {
  const x = [10.2, 11.1, 9.8, 12.4, 10.9, 11.7];
  const y = [9.9, 10.3, 9.1, 11.8, 10.2, 11.0];

  it("matches scipy.stats.ttest_rel", () => {
    const result = pairedTTest(x, y);
    expect(result.statistic).toBeCloseTo(8.858795678282963, 9);
    expect(result.degreesOfFreedom).toBe(5);
    expect(result.pValue).toBeCloseTo(0.00030471498494168126, 10);
    expect(result.confidenceInterval[0]).toBeCloseTo(0.4495572060025338, 6);
    expect(result.confidenceInterval[1]).toBeCloseTo(0.8171094606641326, 6);
    expect(pairedTTest(x, y, { alternative: "greater" }).pValue).toBeCloseTo(0.00015235749247084063, 10);
  });

  it("is the one-sample t-test of the differences (hand check)", () => {
    // differences 1, 2, 3: mean 2, sd 1, t = 2 / (1 / sqrt 3) = 2 sqrt 3.
    const result = pairedTTest([2, 4, 6], [1, 2, 3]);
    expect(result.statistic).toBeCloseTo(2 * Math.sqrt(3), 12);
    expect(result.meanDifference).toBeCloseTo(2, 12);
  });
});

describe("t-test input errors", () => {
  it("rejects empty samples, naming the argument", () => {
    expect(() => welchTTest([], [1, 2])).toThrow(StatsInputError);
    expect(() => welchTTest([], [1, 2])).toThrow(/welchTTest: argument "a" is empty/);
  });

  it("rejects a single value where a variance is needed", () => {
    expect(() => welchTTest([1, 2, 3], [4])).toThrow(/argument "b" has only 1 value; an array of at least 2 finite numbers/);
    expect(() => pairedTTest([1], [2])).toThrow(/pairedTTest: argument "a" has only 1 value/);
  });

  it("rejects NaN and infinite values with their index", () => {
    expect(() => welchTTest([1, Number.NaN, 3], [1, 2])).toThrow(/argument "a" contains NaN at index 1; only finite numbers/);
    expect(() => studentTTest([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(/argument "b" contains Infinity at index 1/);
  });

  it("rejects pairs of unequal length", () => {
    expect(() => pairedTTest([1, 2, 3], [1, 2])).toThrow(/argument "a, b" have unequal lengths \(3 and 2\)/);
  });

  it("refuses an undefined statistic instead of returning NaN", () => {
    expect(() => welchTTest([2, 2, 2], [3, 3, 3])).toThrow(/both have zero variance/);
    expect(() => welchTTest([0.1, 0.1, 0.1], [0.1, 0.1, 0.1])).toThrow(StatsInputError);
    expect(() => pairedTTest([2, 3, 4], [1, 2, 3])).toThrow(/every paired difference is the same/);
  });

  it("rejects bad options", () => {
    expect(() => welchTTest(a, b, { confidence: 95 })).toThrow(/options.confidence" is 95; a confidence level strictly between 0 and 1/);
    // @ts-expect-error an invalid alternative on purpose
    expect(() => welchTTest(a, b, { alternative: "two_sided" })).toThrow(/one of "two-sided", "greater", "less"/);
  });

  it("allows one constant sample when the other varies", () => {
    const result = welchTTest([5, 5, 5], [1, 2, 3]);
    expect(result.statistic).toBeCloseTo(3 / Math.sqrt(1 / 3), 12);
    expect(result.degreesOfFreedom).toBeCloseTo(2, 12);
  });
});
