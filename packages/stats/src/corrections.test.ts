import { describe, expect, it } from "vitest";
import { benjaminiHochberg, holmBonferroni } from "./corrections.js";

describe("holmBonferroni", () => {
  it("adjusts step-down with a running maximum (hand check)", () => {
    // sorted 0.01, 0.03, 0.04 -> 3 * 0.01 = 0.03, 2 * 0.03 = 0.06, max(0.06, 1 * 0.04) = 0.06.
    const result = holmBonferroni([0.01, 0.04, 0.03]);
    expect(result.adjustedPValues[0]).toBeCloseTo(0.03, 15);
    expect(result.adjustedPValues[1]).toBeCloseTo(0.06, 15);
    expect(result.adjustedPValues[2]).toBeCloseTo(0.06, 15);
    // 0.01 <= 0.05 / 3 rejects; 0.03 > 0.05 / 2 stops.
    expect(result.reject).toEqual([true, false, false]);
    expect(result.alpha).toBe(0.05);
  });

  it("caps at 1 and handles an empty family", () => {
    expect(holmBonferroni([0.6, 0.9]).adjustedPValues).toEqual([1, 1]);
    expect(holmBonferroni([])).toEqual({ adjustedPValues: [], reject: [], alpha: 0.05 });
  });

  it("rejects p-values outside [0, 1]", () => {
    expect(() => holmBonferroni([0.2, 1.2])).toThrow(/argument "pValues" contains 1.2 at index 1/);
    expect(() => holmBonferroni([Number.NaN])).toThrow(/contains NaN at index 0/);
    expect(() => holmBonferroni([0.1], { alpha: 0 })).toThrow(/options.alpha/);
  });
});

describe("benjaminiHochberg", () => {
  it("matches scipy.stats.false_discovery_control(method='bh')", () => {
    const result = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2, 0.04]);
    const expected = [0.03, 0.048, 0.048, 0.03, 0.2, 0.048];
    expected.forEach((value, index) => {
      expect(result.adjustedPValues[index]).toBeCloseTo(value, 14);
    });
    // Largest k with p_(k) <= k 0.05 / 6 is k = 5 (0.04 <= 0.0417): all but 0.2 rejected.
    expect(result.reject).toEqual([true, true, true, true, false, true]);
  });

  it("rejects more than Holm on the same p-values (it controls a weaker error rate)", () => {
    const pValues = [0.01, 0.02, 0.03, 0.04];
    const holm = holmBonferroni(pValues);
    const bh = benjaminiHochberg(pValues);
    expect(holm.reject.filter(Boolean).length).toBe(1);
    expect(bh.reject.filter(Boolean).length).toBe(4);
  });
});
