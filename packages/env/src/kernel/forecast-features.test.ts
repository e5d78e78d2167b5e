import { computeFeatures, generateSyntheticProfiles, type ProfileTable } from "@grid/profiles";
import { describe, expect, it } from "vitest";
import type { GridConfigDocument } from "../config.js";
import { getScenario } from "../scenarios.js";
import { VecGridEnv } from "../vec-env.js";
import { FORECAST_FEATURE_SIZE, FORECAST_INDEX, LOCAL_OBSERVATION_SIZE, OBSERVATION_INDEX, observationLayout } from "./observation-index.js";

/** Eight hourly steps, hand-checkable: the price peaks at step 2 and again at the last step. */
function tinyProfiles(): ProfileTable {
  const length = 8;
  const hourOfDay = Float64Array.from({ length }, (_, step) => step);
  const baseLoadKw = Float64Array.of(2, 2, 4, 4, 6, 2, 2, 2);
  const solarKw = Float64Array.of(0, 1, 2, 3, 2, 1, 0, 0);
  const price = Float64Array.of(0.1, 0.2, 0.5, 0.3, 0.4, 0.1, 0.1, 0.6);
  return {
    timestampsMs: Float64Array.from({ length }, (_, step) => step * 3_600_000),
    hourOfDay,
    stepHours: 1,
    baseLoadKw,
    solarKw,
    temperatureC: new Float64Array(length).fill(20),
    dayAheadPriceUsdPerKwh: price,
    features: computeFeatures(hourOfDay, baseLoadKw, solarKw, price),
    source: "forecast fixture (8 hourly steps)",
    notes: [],
  };
}

/** A 3-hour horizon on hourly steps: the near window is the next step, the far window the two after it. */
const TINY: GridConfigDocument = { dtHours: 1, episodeSteps: 4, observation: { forecastFeatures: "lookahead", forecastHorizonHours: 3 } };

/** The forecast block of agent `agent`'s observation in env `env`. */
function observedBlock(env: VecGridEnv, agent: number, envIndex = 0): number[] {
  const start = (agent * env.numEnvs + envIndex) * env.observationSize + env.layout.forecastStart;
  return Array.from(env.observations.subarray(start, start + env.layout.forecastSize));
}

function stateBlock(env: VecGridEnv, envIndex = 0): number[] {
  const start = envIndex * env.stateSize + env.layout.stateForecastStart;
  return Array.from(env.states.subarray(start, start + env.layout.forecastSize));
}

describe("forecast features", () => {
  it("are off by default: the article's observation and state sizes, messages right after the agent's own entries", () => {
    for (const communication of ["none", "broadcast", "global-state"] as const) {
      const layout = observationLayout({ communication, forecastFeatures: "none" }, 3);
      expect(layout.forecastSize).toBe(0);
      expect(layout.messagesStart).toBe(LOCAL_OBSERVATION_SIZE);
      expect(layout.stateSize).toBe(8 + 3);
      expect(layout.observationSize).toBe(11 + { none: 0, broadcast: 6, "global-state": 11 }[communication]);
    }
    const profiles = generateSyntheticProfiles({ days: 2 });
    const plain = new VecGridEnv({ profiles, numEnvs: 2, seed: 3 });
    const explicit = new VecGridEnv({ profiles, numEnvs: 2, seed: 3, config: { observation: { forecastFeatures: "none", forecastHorizonHours: 6 } } });
    expect(explicit.observationSize).toBe(11);
    for (let step = 0; step < 5; step++) {
      expect(Array.from(explicit.observations)).toEqual(Array.from(plain.observations));
      expect(Array.from(explicit.states)).toEqual(Array.from(plain.states));
      plain.actions.fill(2);
      explicit.actions.fill(2);
      plain.step();
      explicit.step();
    }
  });

  it("hold the coming hours' price, time to the price peak, load and solar on a hand-checked profile", () => {
    const profiles = tinyProfiles();
    const z = profiles.features.priceZ;
    const env = new VecGridEnv({ profiles, config: TINY, numEnvs: 1, startSteps: Int32Array.of(0) });
    expect(env.layout).toMatchObject({ forecastSize: FORECAST_FEATURE_SIZE, forecastStart: OBSERVATION_INDEX.forecastStart, stateForecastStart: 8 + 3 });
    expect(env.observationSize).toBe(11 + FORECAST_FEATURE_SIZE);
    expect(env.stateSize).toBe(8 + 3 + FORECAST_FEATURE_SIZE);
    const expected = new Array<number>(FORECAST_FEATURE_SIZE);
    // Step 0: near = step 1, far = steps 2-3; the highest price from now to 3 h ahead is at step 2.
    expected[FORECAST_INDEX.priceNear] = z[1];
    expected[FORECAST_INDEX.priceFar] = (z[2] + z[3]) / 2;
    expected[FORECAST_INDEX.hoursToPricePeak] = 2 / 3;
    expected[FORECAST_INDEX.loadNear] = 2 / 6;
    expected[FORECAST_INDEX.loadFar] = 4 / 6;
    expected[FORECAST_INDEX.solarNear] = 1 / 3;
    expected[FORECAST_INDEX.solarFar] = 2.5 / 3;
    for (let agent = 0; agent < env.numAgents; agent++) {
      for (const [k, value] of observedBlock(env, agent).entries()) expect(value).toBeCloseTo(expected[k], 6);
    }
    for (const [k, value] of stateBlock(env).entries()) expect(value).toBeCloseTo(expected[k], 6);
    // The article's entries are where they were.
    expect(env.observations[OBSERVATION_INDEX.priceZ]).toBeCloseTo(z[0], 6);
    expect(env.observations[OBSERVATION_INDEX.solar]).toBe(0);
    // Step 2, the peak itself: 0 hours to it.
    env.actions.fill(1);
    env.step();
    env.step();
    const atPeak = observedBlock(env, 0);
    expect(atPeak[FORECAST_INDEX.hoursToPricePeak]).toBe(0);
    expect(atPeak[FORECAST_INDEX.loadNear]).toBeCloseTo(4 / 6, 6);
    expect(atPeak[FORECAST_INDEX.loadFar]).toBeCloseTo(4 / 6, 6);
    expect(atPeak[FORECAST_INDEX.solarFar]).toBeCloseTo(1.5 / 3, 6);
    // Step 6: steps past the table's end repeat its last; the first of the tied highest prices is 1 h ahead.
    const row = Array.from(env.gridData.forecastFeatures.subarray(6 * FORECAST_FEATURE_SIZE, 7 * FORECAST_FEATURE_SIZE));
    expect(row[FORECAST_INDEX.priceNear]).toBeCloseTo(z[7], 12);
    expect(row[FORECAST_INDEX.priceFar]).toBeCloseTo(z[7], 12);
    expect(row[FORECAST_INDEX.hoursToPricePeak]).toBeCloseTo(1 / 3, 12);
    expect(row[FORECAST_INDEX.loadFar]).toBeCloseTo(2 / 6, 12);
    expect(row[FORECAST_INDEX.solarNear]).toBe(0);
  });

  it("put the messages after the block, and the global state's message carries it", () => {
    const profiles = tinyProfiles();
    const broadcast = new VecGridEnv({ profiles, config: { ...TINY, communication: "broadcast" }, numEnvs: 1, startSteps: Int32Array.of(0) });
    expect(broadcast.layout.messagesStart).toBe(11 + FORECAST_FEATURE_SIZE);
    broadcast.actions.set([0, 1, 2, 0, 2]);
    broadcast.step();
    const start = broadcast.layout.messagesStart;
    expect(Array.from(broadcast.observations.subarray(start, start + broadcast.numAgents))).toEqual([-1, 0, 1, -1, 1]);
    const global = new VecGridEnv({ profiles, config: { ...TINY, communication: "global-state" }, numEnvs: 1, startSteps: Int32Array.of(0) });
    const message = global.observations.subarray(global.layout.messagesStart, global.layout.messagesStart + global.stateSize);
    expect(Array.from(message)).toEqual(Array.from(global.states));
    expect(global.observationSize).toBe(11 + FORECAST_FEATURE_SIZE + global.stateSize);
  });

  it("draw load and solar from the forecast model with forecastNoiseStd, seeded; the prices stay exact", () => {
    const profiles = tinyProfiles();
    const config = { ...TINY, forecastNoiseStd: 0.2 };
    const exact = new VecGridEnv({ profiles, config: TINY, numEnvs: 1, startSteps: Int32Array.of(0) });
    const noisy = new VecGridEnv({ profiles, config, numEnvs: 1, seed: 4, startSteps: Int32Array.of(0) });
    const again = new VecGridEnv({ profiles, config, numEnvs: 1, seed: 4, startSteps: Int32Array.of(0) });
    expect(stateBlock(again)).toEqual(stateBlock(noisy));
    const [truth, drawn] = [stateBlock(exact), stateBlock(noisy)];
    for (const k of [FORECAST_INDEX.priceNear, FORECAST_INDEX.priceFar, FORECAST_INDEX.hoursToPricePeak]) expect(drawn[k]).toBe(truth[k]);
    for (const k of [FORECAST_INDEX.loadNear, FORECAST_INDEX.loadFar, FORECAST_INDEX.solarNear, FORECAST_INDEX.solarFar]) {
      expect(drawn[k]).not.toBe(truth[k]);
      expect(drawn[k]).toBeGreaterThanOrEqual(0);
    }
    // The far load's mean carries the relative noise of the mean of independent per-consumer, per-step forecasts.
    const shares = [0.45, 0.35, 0.2];
    const squares = [4, 4].reduce((total, load) => total + shares.reduce((sum, share) => sum + (share * load) ** 2, 0), 0);
    expect(noisy.gridData.forecastFeatureNoise[1]).toBeCloseTo(Math.sqrt(squares) / 8, 12);
    expect(observedBlock(noisy, 2)).toEqual(drawn);
  });

  it("stay finite and of order 1 on the presets, with and without noise", () => {
    for (const name of ["seed", "high-pv"]) {
      const scenario = getScenario(name);
      for (const forecastNoiseStd of [0, 0.3]) {
        const env = new VecGridEnv({ profiles: scenario.loadProfiles(), config: { ...scenario.config, forecastFeatures: "lookahead", forecastNoiseStd }, numEnvs: 4, seed: 1 });
        let largest = 0;
        for (let step = 0; step < 200; step++) {
          for (let agent = 0; agent < env.numAgents; agent++) {
            for (let e = 0; e < env.numEnvs; e++) {
              for (const value of observedBlock(env, agent, e)) {
                expect(Number.isFinite(value)).toBe(true);
                largest = Math.max(largest, Math.abs(value));
              }
            }
          }
          for (let i = 0; i < env.actions.length; i++) env.actions[i] = (step + i) % Math.max(env.numActions, 1);
          env.step();
        }
        expect(largest).toBeGreaterThan(0.1);
        expect(largest).toBeLessThan(5);
      }
    }
  }, 30_000); // about 2 s alone; a loaded 2-core machine took over 5
});
