import { describe, expect, it } from "vitest";
import { permutationTest } from "./permutation.js";
import { StatsInputError } from "./validation.js";

// Reference counts: every one of the C(n_a + n_b, n_a) splits enumerated in Python.
const a = [1.7376, 2.1462, 1.7048, 3.8157, 2.6116];
const b = [4.5941, 1.3029, 2.8403, 1.2235, 0.7435];
const x = [10.2, 11.1, 9.8, 12.4, 10.9, 11.7];
const y = [9.9, 10.3, 9.1, 11.8, 10.2, 11.0];

describe("permutationTest", () => {
  it("enumerates all splits when there are few (exact p)", () => {
    const result = permutationTest(a, b, { seed: 1 });
    expect(result.exact).toBe(true);
    expect(result.permutations).toBe(252);
    expect(result.pValue).toBeCloseTo(192 / 252, 14);
    // (sum(a) - sum(b)) / 5 = (12.0159 - 10.7043) / 5.
    expect(result.statistic).toBeCloseTo(0.26232, 10);
    expect(permutationTest(a, b, { seed: 1, alternative: "greater" }).pValue).toBeCloseTo(96 / 252, 14);
    expect(permutationTest(a, b, { seed: 1, alternative: "less" }).pValue).toBeCloseTo(157 / 252, 14);
    const six = permutationTest(x, y, { seed: 1 });
    expect(six.permutations).toBe(924);
    expect(six.pValue).toBeCloseTo(272 / 924, 14);
  });

  it("gives the smallest possible exact p for separated samples (hand check)", () => {
    // Only the observed split and its mirror image are as extreme: 2 / C(6, 3).
    expect(permutationTest([1, 2, 3], [7, 8, 9], { seed: 0 }).pValue).toBeCloseTo(2 / 20, 14);
  });

  it("samples reproducibly with a seed and approximates the exact p", () => {
    const first = permutationTest(x, y, { seed: 42, exact: false, permutations: 20000 });
    const again = permutationTest(x, y, { seed: 42, exact: false, permutations: 20000 });
    const other = permutationTest(x, y, { seed: 43, exact: false, permutations: 20000 });
    expect(first.exact).toBe(false);
    expect(first.pValue).toBe(again.pValue);
    expect(other.pValue).not.toBe(first.pValue);
    // Monte Carlo standard error at p = 0.29 and 20,000 draws is about 0.003.
    expect(Math.abs(first.pValue - 272 / 924)).toBeLessThan(0.015);
  });

  it("never returns p = 0 when sampling", () => {
    const low = Array.from({ length: 30 }, (_, index) => index);
    const high = low.map((value) => value + 100);
    const result = permutationTest(low, high, { seed: 3, permutations: 999 });
    expect(result.exact).toBe(false);
    expect(result.pValue).toBeCloseTo(1 / 1000, 14);
  });

  it("rejects bad input", () => {
    expect(() => permutationTest([], [1], { seed: 1 })).toThrow(/argument "a" is empty/);
    // @ts-expect-error a missing seed on purpose
    expect(() => permutationTest([1], [2], {})).toThrow(/options.seed" is undefined \(missing\)/);
    expect(() => permutationTest([1], [2], { seed: 1, permutations: 0 })).toThrow(StatsInputError);
    const many = Array.from({ length: 40 }, (_, index) => index);
    expect(() => permutationTest(many, many, { seed: 1, exact: true })).toThrow(/more than 10000000 splits/);
  });
});
