import { describe, expect, it } from "vitest";
import { normalCdf, normalSurvival, studentTCdf, studentTQuantile, studentTSurvival } from "./distributions.js";

describe("Student t (jstat)", () => {
  it("matches the closed forms for 1 and 2 degrees of freedom (jstat is good to about 2e-8)", () => {
    for (const x of [-3, -0.5, 0, 0.7, 2.5]) {
      expect(studentTCdf(x, 1)).toBeCloseTo(0.5 + Math.atan(x) / Math.PI, 7);
      expect(studentTCdf(x, 2)).toBeCloseTo(0.5 + x / (2 * Math.sqrt(2 + x * x)), 7);
    }
    // df = 2: quantile = (2p - 1) / sqrt(2 p (1 - p)).
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(2 * 0.975 * 0.025), 7);
  });

  it("survival function is the upper tail", () => {
    expect(studentTSurvival(1.3, 7) + studentTCdf(1.3, 7)).toBeCloseTo(1, 12);
    expect(studentTSurvival(40, 30)).toBeGreaterThan(0);
  });

  it("rejects invalid arguments", () => {
    expect(() => studentTCdf(Number.NaN, 3)).toThrow(/argument "x" is NaN/);
    expect(() => studentTCdf(1, 0)).toThrow(/degreesOfFreedom/);
    expect(() => studentTQuantile(1, 3)).toThrow(/strictly between 0 and 1/);
  });
});

describe("normal distribution", () => {
  it("matches known values", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    // Far tail, value from Python's math.erfc: 0.5 erfc(8 / sqrt 2).
    const expected = 6.220960574271819e-16;
    expect(Math.abs(normalSurvival(8) - expected) / expected).toBeLessThan(1e-12);
    expect(normalCdf(-8)).toBeCloseTo(normalSurvival(8), 30);
  });
});
