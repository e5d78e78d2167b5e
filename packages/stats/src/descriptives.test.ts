import { describe as group, expect, it } from "vitest";
import { describe, meanConfidenceInterval } from "./descriptives.js";

group("describe", () => {
  it("summarises a sample with the n - 1 standard deviation", () => {
    const result = describe([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(result.n).toBe(8);
    expect(result.mean).toBe(5);
    // sum of squares 32, sample variance 32 / 7.
    expect(result.standardDeviation).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(result.standardError).toBeCloseTo(Math.sqrt(32 / 7) / Math.sqrt(8), 14);
    expect(result.min).toBe(2);
    expect(result.max).toBe(9);
    expect(result.median).toBe(4.5);
    // type 7: position 0.25 * 7 = 1.75 -> 4 + 0.75 * (4 - 4) = 4; 0.75 * 7 = 5.25 -> 5 + 0.25 * 2 = 5.5.
    expect(result.firstQuartile).toBe(4);
    expect(result.thirdQuartile).toBe(5.5);
  });

  it("has no spread (null, not NaN) for one value, and rejects empty input", () => {
    const result = describe([3]);
    expect(result.standardDeviation).toBeNull();
    expect(result.standardError).toBeNull();
    expect(() => describe([])).toThrow(/describe: argument "values" is empty/);
  });
});

group("meanConfidenceInterval", () => {
  it("is the Student-t interval with n - 1 degrees of freedom (SciPy t.interval)", () => {
    const result = meanConfidenceInterval([1.7376, 2.1462, 1.7048, 3.8157, 2.6116]);
    expect(result.confidenceInterval[0]).toBeCloseTo(1.321537825369993, 6);
    expect(result.confidenceInterval[1]).toBeCloseTo(3.4848221746300068, 6);
    expect(result.n).toBe(5);
    expect(result.degreesOfFreedom).toBe(4);
  });

  it("is as wide as 3 seeds warrant: t(0.975, 2) = 4.30, not 1.96", () => {
    const result = meanConfidenceInterval([1, 2, 3]);
    const halfWidth = (result.confidenceInterval[1] - result.confidenceInterval[0]) / 2;
    expect(halfWidth / result.standardError).toBeCloseTo(4.302652729911275, 6);
  });

  it("needs two values", () => {
    expect(() => meanConfidenceInterval([1])).toThrow(/has only 1 value.*a confidence interval needs a variance/);
  });
});
