import { describe, expect, it } from "vitest";
import { drawHouseholdTraits, generateHouseholdProfiles, HOUSEHOLD_PROFILE_DEFAULTS } from "./households.js";
import type { ProfileTable } from "./profile-table.js";
import { energyKwh, sliceProfiles, summarizeProfiles } from "./table-tools.js";

describe("generateHouseholdProfiles", () => {
  it("is seeded: the same options give the same table, another seed another one", () => {
    const first = generateHouseholdProfiles({ numHouseholds: 4, days: 3 });
    const again = generateHouseholdProfiles({ numHouseholds: 4, days: 3 });
    const other = generateHouseholdProfiles({ numHouseholds: 4, days: 3, seed: 8 });
    expect(again.baseLoadKw).toEqual(first.baseLoadKw);
    expect(again.consumers![2].loadKw).toEqual(first.consumers![2].loadKw);
    expect(other.baseLoadKw).not.toEqual(first.baseLoadKw);
  });

  it("makes the feeder load the sum of the households' loads and the feeder PV the sum of their PV", () => {
    const table = generateHouseholdProfiles({ numHouseholds: 12, days: 2, pvProbability: 0.5 });
    expect(table.consumers).toHaveLength(12);
    for (const t of [0, 40, 75, 191]) {
      const load = table.consumers!.reduce((total, consumer) => total + consumer.loadKw[t], 0);
      const solar = table.consumers!.reduce((total, consumer) => total + (consumer.solarKw?.[t] ?? 0), 0);
      expect(table.baseLoadKw[t]).toBeCloseTo(load, 12);
      expect(table.solarKw[t]).toBeCloseTo(solar, 12);
    }
    expect(table.solarKw[0]).toBe(0);
    for (const consumer of table.consumers!) {
      expect(Math.min(...consumer.loadKw)).toBeGreaterThan(0);
      expect(consumer.flexKw).toBeGreaterThan(0);
    }
  });

  it("extends N households to N + 1 without changing the first N (so a scenario can scale its consumers)", () => {
    const three = generateHouseholdProfiles({ numHouseholds: 3, days: 2 });
    const five = generateHouseholdProfiles({ numHouseholds: 5, days: 2 });
    for (let k = 0; k < 3; k++) expect(five.consumers![k].loadKw).toEqual(three.consumers![k].loadKw);
    expect(five.temperatureC).toEqual(three.temperatureC);
  });

  it("draws heterogeneous households in the configured proportions", () => {
    const traits = Array.from({ length: 400 }, (_, k) => drawHouseholdTraits({ ...HOUSEHOLD_PROFILE_DEFAULTS, pvProbability: 0.4, evProbability: 0.25 }, k));
    const share = (predicate: (index: number) => boolean) => traits.filter((_, k) => predicate(k)).length / traits.length;
    expect(share((k) => traits[k].pvKwp > 0)).toBeGreaterThan(0.33);
    expect(share((k) => traits[k].pvKwp > 0)).toBeLessThan(0.47);
    expect(share((k) => traits[k].hasEv)).toBeGreaterThan(0.19);
    expect(share((k) => traits[k].hasEv)).toBeLessThan(0.31);
    expect(new Set(traits.map((trait) => trait.persons))).toEqual(new Set([1, 2, 3, 4, 5]));
    const evenings = traits.map((trait) => trait.eveningPeakHour);
    expect(Math.min(...evenings)).toBeGreaterThanOrEqual(17.5);
    expect(Math.max(...evenings)).toBeLessThanOrEqual(20.5);
    expect(Math.max(...evenings) - Math.min(...evenings)).toBeGreaterThan(2);
  });

  it("adds EV charging on arrival in the evening, at most the charger's power, with each day's energy in range", () => {
    const options = { numHouseholds: 1, days: 6, evDailyProbability: 1, pvProbability: 0 };
    const withEv = generateHouseholdProfiles({ ...options, evProbability: 1 });
    const withoutEv = generateHouseholdProfiles({ ...options, evProbability: 0 });
    const evKw = withEv.consumers![0].loadKw.map((load, t) => load - withoutEv.consumers![0].loadKw[t]);
    const charger = HOUSEHOLD_PROFILE_DEFAULTS.evChargerKw;
    expect(Math.max(...evKw)).toBeLessThanOrEqual(charger + 1e-9);
    expect(Math.max(...evKw)).toBeCloseTo(charger, 9);
    const firstCharging = evKw.findIndex((kw) => kw > 1e-9);
    expect(withEv.hourOfDay[firstCharging]).toBeGreaterThanOrEqual(16.75);
    expect(withEv.hourOfDay[firstCharging]).toBeLessThan(20);
    const totalKwh = energyKwh(evKw, withEv.stepHours);
    const [low, high] = HOUSEHOLD_PROFILE_DEFAULTS.evEnergyKwhRange;
    expect(totalKwh).toBeGreaterThanOrEqual(6 * low - 1e-9);
    expect(totalKwh).toBeLessThanOrEqual(6 * high + 1e-9);
  });

  it("raises the temperature on heat-wave days and with it the cooling load", () => {
    const calm = generateHouseholdProfiles({ numHouseholds: 6, days: 10, coolingProbability: 1 });
    const hot = generateHouseholdProfiles({ numHouseholds: 6, days: 10, coolingProbability: 1, heatwaves: [{ firstDay: 4, lastDay: 6, extraC: 9 }] });
    const day = (table: typeof calm, index: number) => sliceProfiles(table, index * 96, (index + 1) * 96);
    const meanTemperature = (table: ProfileTable) => table.temperatureC.reduce((total, value) => total + value, 0) / table.temperatureC.length;
    expect(meanTemperature(day(hot, 5)) - meanTemperature(day(calm, 5))).toBeCloseTo(9, 9);
    expect(meanTemperature(day(hot, 2))).toBe(meanTemperature(day(calm, 2)));
    expect(energyKwh(day(hot, 5).baseLoadKw, 0.25)).toBeGreaterThan(energyKwh(day(calm, 5).baseLoadKw, 0.25) + 10);
  });

  it("summarises consumers with their energies and notes what was drawn", () => {
    const table = generateHouseholdProfiles({ numHouseholds: 3, days: 2 });
    const summary = summarizeProfiles(table);
    expect(summary.numConsumers).toBe(3);
    expect(summary.days).toBe(2);
    expect(summary.consumers[1].loadKwh).toBeCloseTo(energyKwh(table.consumers![1].loadKw, 0.25), 9);
    expect(table.notes[0]).toMatch(/^household_0: \d persons, peaks/);
  });

  it("rejects impossible options, naming each", () => {
    expect(() => generateHouseholdProfiles({ numHouseholds: 0, pvProbability: 1.5 })).toThrowError(
      /numHouseholds: 0; expected a whole number >= 1\n {2}pvProbability: 1.5; expected a probability in \[0, 1\]/,
    );
  });
});
