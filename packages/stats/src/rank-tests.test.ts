import { describe, expect, it } from "vitest";
import { mannWhitneyU } from "./rank-tests.js";
import { StatsInputError } from "./validation.js";

// Reference p-values: scipy.stats.mannwhitneyu (SciPy 1.17, same algorithm as 1.10).
const a = [1.7376, 2.1462, 1.7048, 3.8157, 2.6116];
const b = [4.5941, 1.3029, 2.8403, 1.2235, 0.7435];

describe("mannWhitneyU, exact", () => {
  it("gives 2 / C(6, 3) for completely separated samples of 3 (hand check)", () => {
    const result = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(result.method).toBe("exact");
    expect(result.statistic).toBe(0);
    expect(result.statisticB).toBe(9);
    expect(result.pValue).toBeCloseTo(2 / 20, 14);
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6], { alternative: "less" }).pValue).toBeCloseTo(1 / 20, 14);
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6], { alternative: "greater" }).pValue).toBe(1);
  });

  it("matches scipy method='exact'", () => {
    const cases: [number[], number[], number, Record<"two-sided" | "greater" | "less", number>][] = [
      [a, b, 16, { "two-sided": 0.5476190476190477, greater: 0.27380952380952384, less: 0.7896825396825397 }],
      [
        [0.5, 2.2, 3.1, 4.8, 5.0, 6.6, 7.1],
        [1.1, 1.9, 2.5, 3.3, 3.9],
        25,
        { "two-sided": 0.26767676767676774, greater: 0.13383838383838387, less: 0.898989898989899 },
      ],
    ];
    for (const [first, second, u, pValues] of cases) {
      for (const alternative of ["two-sided", "greater", "less"] as const) {
        const result = mannWhitneyU(first, second, { method: "exact", alternative });
        expect(result.statistic).toBe(u);
        expect(result.pValue).toBeCloseTo(pValues[alternative], 12);
      }
    }
  });

  it("auto picks exact for small samples without ties (SciPy 1.10's rule)", () => {
    expect(mannWhitneyU(a, b).method).toBe("exact");
    const large = Array.from({ length: 9 }, (_, index) => index);
    const other = Array.from({ length: 9 }, (_, index) => index + 0.5);
    expect(mannWhitneyU(large, other).method).toBe("asymptotic");
    expect(mannWhitneyU(large, [100]).method).toBe("exact");
  });

  it("exact null distribution sums to 1 and is symmetric", () => {
    // P(U >= 0) = 1 and P(U >= mn - u) = P(U <= u).
    const x = [3, 7, 1, 9];
    const y = [2, 8, 4, 6, 5, 10];
    const greater = mannWhitneyU(x, y, { method: "exact", alternative: "greater" });
    const less = mannWhitneyU(x, y, { method: "exact", alternative: "less" });
    // P(U >= u) + P(U <= u) = 1 + P(U = u) > 1, both within (0, 1].
    expect(greater.pValue + less.pValue).toBeGreaterThan(1);
    expect(mannWhitneyU([0], [1], { method: "exact", alternative: "greater" }).pValue).toBe(1);
  });

  it("refuses exact with ties", () => {
    expect(() => mannWhitneyU([1, 2, 2], [2, 3], { method: "exact" })).toThrow(/tied values/);
  });
});

describe("mannWhitneyU, asymptotic", () => {
  const tiedA = [1, 2, 2, 3, 3, 3, 4, 5];
  const tiedB = [2, 3, 4, 4, 5, 5, 6, 7, 7];

  it("applies the tie correction and the continuity correction like SciPy", () => {
    const result = mannWhitneyU(tiedA, tiedB);
    expect(result.method).toBe("asymptotic");
    expect(result.hasTies).toBe(true);
    expect(result.statistic).toBe(13.5);
    expect(result.pValue).toBeCloseTo(0.03175895714806371, 12);
    expect(result.zScore).toBeLessThan(0);
    expect(mannWhitneyU(tiedA, tiedB, { alternative: "greater" }).pValue).toBeCloseTo(0.9876172774448116, 12);
    expect(mannWhitneyU(tiedA, tiedB, { alternative: "less" }).pValue).toBeCloseTo(0.015879478574031856, 12);
    expect(mannWhitneyU(tiedA, tiedB, { continuityCorrection: false }).pValue).toBeCloseTo(0.028075012477371607, 12);
  });

  it("keeps relative accuracy far in the tail (no p = 0)", () => {
    const high = Array.from({ length: 50 }, (_, index) => index + 100.5);
    const low = Array.from({ length: 50 }, (_, index) => index);
    const result = mannWhitneyU(high, low, { method: "asymptotic" });
    expect(result.statistic).toBe(2500);
    const expected = 7.066071930388932e-18;
    expect(Math.abs(result.pValue - expected) / expected).toBeLessThan(1e-9);
  });

  it("gives p = 1 when every value is identical (SciPy's convention)", () => {
    const result = mannWhitneyU([2, 2, 2], [2, 2]);
    expect(result.pValue).toBe(1);
    expect(result.zScore).toBeNull();
    expect(result.statistic).toBe(3);
  });

  it("returns U of the first sample and the common-language effect size", () => {
    const result = mannWhitneyU([1, 5, 9], [2, 3]);
    // pairs with x > y: 5>2, 5>3, 9>2, 9>3 = 4 of 6.
    expect(result.statistic).toBe(4);
    expect(result.probabilityOfSuperiority).toBeCloseTo(4 / 6, 14);
    expect(result.rankSumA).toBe(4 + 6);
  });
});

describe("mannWhitneyU input errors", () => {
  it("rejects empty and non-finite samples", () => {
    expect(() => mannWhitneyU([], [1])).toThrow(StatsInputError);
    expect(() => mannWhitneyU([1], [])).toThrow(/argument "b" is empty/);
    expect(() => mannWhitneyU([1, Number.NaN], [1])).toThrow(/contains NaN at index 1/);
  });

  it("rejects unknown methods", () => {
    // @ts-expect-error invalid on purpose
    expect(() => mannWhitneyU([1], [2], { method: "permutation" })).toThrow(/one of "auto", "exact", "asymptotic"/);
  });
});
