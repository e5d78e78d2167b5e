import { describe, expect, it } from "vitest";
import { ScriptedPolicy, tinyProfiles } from "./__fixtures__/tiny-profiles.js";
import { evaluatePolicy } from "./evaluate.js";
import { pearson } from "./coordination.js";

// One hourly day: flat load and no sun; the day-ahead price peaks from 17:00 to 23:00 (a quarter of the day).
const price = Array.from({ length: 48 }, (_, step) => (step % 24 >= 17 && step % 24 < 23 ? 0.3 : 0.1));
const profiles = tinyProfiles(Array(48).fill(4), Array(48).fill(0), price);
const config = { dtHours: 1, episodeSteps: 24, actionMode: "continuous", flexBudgetKwh: 24, batteryCapacityKwh: 60, initialSoc: 0.5, exportLimitKw: 5 } as const;
const evaluate = (row: (hour: number) => number[]) =>
  evaluatePolicy(new ScriptedPolicy(Array.from({ length: 24 }, (_, hour) => row(hour))), { profiles, config, startSteps: [0] }).episodes[0];

describe("coordination metrics", () => {
  it("see consumers and the battery relieving the price peak together", () => {
    // Consumers (agents 0-2) curtail and the battery (3) discharges at the peak only; the operator (4) holds.
    const together = evaluate((hour) => (hour >= 17 && hour < 23 ? [-1, -1, -1, 1, 0] : [0, 0, 0, 0, 0]));
    expect(together.flexAtPricePeakShare).toBeCloseTo(1, 9);
    expect(together.dischargeAtPricePeakShare).toBeCloseTo(1, 9);
    expect(together.flexDischargeCorrelation).toBeCloseTo(1, 9);
    expect(together.consumerActionCorrelation).toBeCloseTo(1, 9);
    expect(together.opposingActionShare).toBe(0);
    // The consumers' 1.2 + 1.0 + 0.8 kW against the battery's 4 kW: 3 / 7 of the relief.
    expect(together.peakReliefConsumerShare).toBeCloseTo(3 / 7, 6);
  });

  it("see agents working against each other, off the peak, and out of step", () => {
    // The battery charges while the consumers curtail, all before the peak; consumer 1 curtails when 0 does not.
    const against = evaluate((hour) => (hour < 6 ? [hour % 2 === 0 ? -1 : 0, hour % 2 === 0 ? 0 : -1, 0, -1, 0] : [0, 0, 0, 0, 0]));
    expect(against.opposingActionShare).toBe(1);
    expect(against.flexAtPricePeakShare).toBe(0);
    expect(against.consumerActionCorrelation).toBeLessThan(0);
    expect(Number.isNaN(against.dischargeAtPricePeakShare)).toBe(true);
    const idle = evaluate(() => [0, 0, 0, 0, 0]);
    expect(Number.isNaN(idle.peakReliefConsumerShare) && Number.isNaN(idle.opposingActionShare)).toBe(true);
  });

  it("pearson matches a hand computation and is NaN for a constant series", () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8.5])).toBeCloseTo(0.998381, 5);
    expect(Number.isNaN(pearson([1, 1, 1], [1, 2, 3]))).toBe(true);
  });
});
