import { describe, expect, it } from "vitest";
import { cohensD, hedgesCorrection, hedgesG, probabilityOfImprovement } from "./effect-sizes.js";
import { StatsInputError } from "./validation.js";

describe("cohensD", () => {
  it("divides the mean difference by the pooled SD (hand check)", () => {
    // means 2 and 4, variances 1 and 4, pooled variance (2 + 8) / 4 = 2.5.
    expect(cohensD([1, 2, 3], [2, 4, 6])).toBeCloseTo(-2 / Math.sqrt(2.5), 14);
    expect(cohensD([2, 4, 6], [1, 2, 3])).toBeCloseTo(2 / Math.sqrt(2.5), 14);
  });

  it("rejects constant samples and too few values", () => {
    expect(() => cohensD([1, 1], [1, 1])).toThrow(/zero variance/);
    expect(() => cohensD([1], [1, 2])).toThrow(/argument "a" has only 1 value/);
  });
});

describe("hedgesG", () => {
  it("applies the exact small-sample correction (values from Python's lgamma)", () => {
    expect(hedgesCorrection(8)).toBeCloseTo(0.9027033336764108, 12);
    const a = [1.7376, 2.1462, 1.7048, 3.8157, 2.6116];
    const b = [4.5941, 1.3029, 2.8403, 1.2235, 0.7435];
    expect(hedgesG(a, b)).toBeCloseTo(0.18547834338666427, 12);
  });

  it("agrees with the usual approximation 1 - 3 / (4 df - 1)", () => {
    for (const degreesOfFreedom of [4, 10, 38, 200]) {
      expect(hedgesCorrection(degreesOfFreedom)).toBeCloseTo(1 - 3 / (4 * degreesOfFreedom - 1), 2);
      expect(hedgesCorrection(degreesOfFreedom)).toBeLessThan(1);
    }
    // The correction is known in closed form for df = 2: Gamma(1) / (1 * Gamma(1/2)) = 1 / sqrt(pi).
    expect(hedgesCorrection(2)).toBeCloseTo(1 / Math.sqrt(Math.PI), 12);
  });

  it("rejects impossible degrees of freedom", () => {
    expect(() => hedgesCorrection(1)).toThrow(StatsInputError);
  });
});

describe("probabilityOfImprovement", () => {
  it("counts pairs where x beats y, ties one half (hand check)", () => {
    // pairs (x, y): (1,1) tie, (1,2) lose, (3,1) win, (3,2) win -> (2 + 0.5) / 4.
    expect(probabilityOfImprovement([1, 3], [1, 2])).toBeCloseTo(2.5 / 4, 14);
    expect(probabilityOfImprovement([5, 6], [1, 2])).toBe(1);
    expect(probabilityOfImprovement([1, 2], [5, 6])).toBe(0);
    expect(probabilityOfImprovement([4, 4], [4])).toBe(0.5);
  });

  it("is complementary when the arguments are swapped", () => {
    const x = [0.3, 1.2, 0.8, 2.2];
    const y = [0.5, 1.0, 1.9];
    expect(probabilityOfImprovement(x, y) + probabilityOfImprovement(y, x)).toBeCloseTo(1, 14);
  });
});
