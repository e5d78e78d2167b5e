import { describe, expect, it } from "vitest";
import { trailingMean, zScore } from "./features.js";
import { generateSyntheticProfiles } from "./synthetic.js";

describe("generateSyntheticProfiles", () => {
  it("is seeded: the same options give the same table, another seed another", () => {
    const first = generateSyntheticProfiles({ days: 3, seed: 1 });
    const again = generateSyntheticProfiles({ days: 3, seed: 1 });
    const other = generateSyntheticProfiles({ days: 3, seed: 2 });
    expect(Array.from(again.baseLoadKw)).toEqual(Array.from(first.baseLoadKw));
    expect(Array.from(other.baseLoadKw)).not.toEqual(Array.from(first.baseLoadKw));
  });

  it("follows the article's model: night without solar, evening price pressure, load floor, weekend term", () => {
    const table = generateSyntheticProfiles({ days: 7, startDate: "2026-07-01" });
    expect(table.baseLoadKw.length).toBe(7 * 96);
    expect(table.stepHours).toBe(0.25);
    for (let t = 0; t < table.baseLoadKw.length; t++) {
      const hour = table.hourOfDay[t];
      if (hour <= 6 || hour >= 18) expect(table.solarKw[t]).toBeCloseTo(0, 12);
      else {
        const clear = 5.5 * Math.sin((Math.PI * (hour - 6)) / 12);
        expect(table.solarKw[t]).toBeGreaterThanOrEqual(0.7 * clear - 1e-12);
        expect(table.solarKw[t]).toBeLessThanOrEqual(clear + 1e-12);
      }
      expect(table.baseLoadKw[t]).toBeGreaterThanOrEqual(2);
      expect(table.dayAheadPriceUsdPerKwh[t]).toBeGreaterThanOrEqual(0.03);
    }
    const meanAt = (series: Float64Array, predicate: (hour: number, day: number) => boolean) => {
      let sum = 0;
      let count = 0;
      for (let t = 0; t < series.length; t++) {
        if (predicate(table.hourOfDay[t], Math.floor(t / 96))) {
          sum += series[t];
          count++;
        }
      }
      return sum / count;
    };
    const price = table.dayAheadPriceUsdPerKwh;
    expect(meanAt(price, (hour) => hour >= 17 && hour < 21)).toBeCloseTo(0.13, 2);
    expect(meanAt(price, (hour) => hour >= 11 && hour < 15)).toBeCloseTo(0.1, 2);
    expect(meanAt(price, (hour) => hour < 6)).toBeCloseTo(0.08, 2);
    // 2026-07-04 and 05 are Saturday and Sunday (days 3 and 4): +0.5 kW on average at night.
    const weekendNight = meanAt(table.baseLoadKw, (hour, day) => (day === 3 || day === 4) && hour < 4);
    const weekdayNight = meanAt(table.baseLoadKw, (hour, day) => day < 3 && hour < 4);
    expect(weekendNight - weekdayNight).toBeGreaterThan(0.3);
  });

  it("rejects a bad date or length, naming the option", () => {
    expect(() => generateSyntheticProfiles({ startDate: "2026-02-30" })).toThrowError(/startDate: "2026-02-30" is not a date/);
    expect(() => generateSyntheticProfiles({ days: 0 })).toThrowError(/days: 0/);
    expect(() => generateSyntheticProfiles({ stepMinutes: 7 })).toThrowError(/stepMinutes: 7 must divide a day/);
  });
});

describe("features", () => {
  it("trailing mean and z-score match pandas' definitions", () => {
    expect(Array.from(trailingMean(Float64Array.from([1, 2, 3, 4, 5, 6]), 4))).toEqual([1, 1.5, 2, 2.5, 3.5, 4.5]);
    const z = zScore(Float64Array.from([1, 2, 3, 4]));
    const sd = Math.sqrt(((1.5 ** 2 + 0.5 ** 2) * 2) / 3);
    expect(z[0]).toBeCloseTo(-1.5 / sd, 12);
    expect(Array.from(zScore(Float64Array.from([2, 2, 2])))).toEqual([0, 0, 0]);
  });
});
