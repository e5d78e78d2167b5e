import { getScenario, parseGridConfig, VecGridEnv } from "@grid/env";
import { describe, expect, it } from "vitest";
import { tinyProfiles } from "./__fixtures__/tiny-profiles.js";
import { createBaseline } from "./registry.js";
import { dataRuleOptions } from "./rule-data.js";

const hourlyLoad = [3, 3, 3, 3, 3, 4, 5, 6, 5, 4, 4, 4, 4, 4, 4, 4, 5, 6, 8, 9, 8, 6, 4, 3];
const hourlySolar = [0, 0, 0, 0, 0, 0, 0.5, 1.5, 3, 4.5, 5.5, 6, 6, 5.5, 4.5, 3, 1.5, 0.5, 0, 0, 0, 0, 0, 0];
// Day 0 peaks at 18:00-20:00; day 1 (a test day) at 6:00-8:00, which the training days must not reveal.
const eveningPeak = hourlyLoad.map((_, hour) => (hour >= 18 && hour < 20 ? 0.3 : 0.1));
const morningPeak = hourlyLoad.map((_, hour) => (hour >= 6 && hour < 8 ? 0.5 : 0.1));
const profiles = tinyProfiles([...hourlyLoad, ...hourlyLoad], [...hourlySolar, ...hourlySolar], [...eveningPeak, ...morningPeak]);

describe("rule-data", () => {
  it("reads its thresholds from the training days only: the highest-price hours and the daylight solar's lower quartile", () => {
    const thresholds = dataRuleOptions(profiles, { first: 0, last: 0 }, 8, 4);
    expect(thresholds).toMatchObject({ dischargeStartHour: 18, dischargeEndHour: 20, solarThresholdKw: 1.5 });
    expect(thresholds.reasons).toHaveLength(2);
    // A battery that empties in three hours discharges three hours, wrapping past midnight where the price says so.
    const late = tinyProfiles(hourlyLoad, hourlySolar, hourlyLoad.map((_, hour) => (hour === 23 || hour <= 1 ? 0.4 : 0.1)));
    expect(dataRuleOptions(late, { first: 0, last: 0 }, 12, 4)).toMatchObject({ dischargeStartHour: 23, dischargeEndHour: 2 });
  });

  it("acts as the article's rule with those thresholds, and refuses to run without training days", async () => {
    const config = { dtHours: 1, episodeSteps: 24, feederCapacityKw: 9.5, exportLimitKw: 2, batteryCapacityKwh: 8, batteryMaxKw: 4 };
    const policy = await createBaseline("rule-data", { trainDays: { first: 0, last: 0 } });
    const env = new VecGridEnv({ profiles, config, numEnvs: 1, startSteps: [0] });
    const actions = new Float32Array(env.numAgents);
    const soc: number[] = [];
    env.reset();
    for (let t = 0; t < 24; t++) {
      policy.act(env, actions);
      env.step(actions);
      soc.push(env.soc[0]);
    }
    // Charges from 8:00 (solar 3 kW > 1.5 kW) until full; holds at dusk; discharges from 18:00.
    expect(soc[6]).toBeCloseTo(0.5, 6);
    expect(soc[8]).toBeGreaterThan(soc[7]);
    expect(soc[19]).toBeLessThan(soc[17]);
    await expect(createBaseline("rule-data", {})).rejects.toThrow(/rule-data: options\.trainDays is required/);
  });

  it("on seed it discharges inside the article's evening window (its price peak) with a threshold near its 2.0 kW", () => {
    const scenario = getScenario("seed");
    const config = parseGridConfig(scenario.config);
    const thresholds = dataRuleOptions(scenario.loadProfiles(), scenario.trainDays, config.batteryCapacityKwh, config.batteryMaxKw);
    // seed's price is flat at its peak from 17:00 to 21:00; its battery empties in 3 h, so 3 of those 4 hours.
    expect(thresholds.dischargeStartHour).toBeGreaterThanOrEqual(17);
    expect(thresholds.dischargeEndHour - thresholds.dischargeStartHour).toBe(3);
    expect(thresholds.dischargeEndHour).toBeLessThanOrEqual(21);
    expect(thresholds.solarThresholdKw).toBeGreaterThan(1.5);
    expect(thresholds.solarThresholdKw).toBeLessThan(2.5);
  });
});
