import { generateSyntheticProfiles } from "@grid/profiles";
import { describe, expect, it } from "vitest";
import type { GridConfigInput } from "../config.js";
import { Sfc32 } from "../rng.js";
import { VecGridEnv } from "../vec-env.js";
import { createKernel } from "./create-kernel.js";
import { beginEpisode } from "./episode-starts.js";
import { createForecast, writeForecast } from "./forecasts.js";
import { forecastLookaheadStage, oracleLookaheadStage } from "./guard-lookahead.js";

const profiles = generateSyntheticProfiles({ days: 3, seed: 3 });
/** A sunnier feeder, for the export the lookahead keeps room for. */
const sunnyProfiles = generateSyntheticProfiles({ days: 3, seed: 3, solarPeakKw: 12 });
/** A feeder that overloads in the evening and exports above its limit at noon, with the guard looking a day ahead. */
const guarded = { feederGuard: true, guardLookaheadHours: 24, batteryHeadroomFraction: 0.1, feederCapacityKw: 6, exportLimitKw: 3 } as const;

/** The lookahead's coming overload and export of one env of two-day episodes on the sunnier feeder started at `start`, `steps` steps in, from `stage`. */
function aheadOf(config: GridConfigInput, stage: typeof forecastLookaheadStage, rng: Sfc32, start = 20, steps = 10) {
  const kernel = createKernel(sunnyProfiles, { episodeSteps: 192, ...config }, 1);
  beginEpisode(kernel, 0, start, new Sfc32(0));
  kernel.state.stepInEpisode[0] = steps;
  stage(kernel, rng);
  return { overloadKwh: kernel.work.overloadAheadKwh[0], exportKwh: kernel.work.exportAheadKwh[0], kernel };
}

describe("the guard's lookahead", () => {
  it("reads the forecast model the planners get: the same draws give the same coming excess, unlike the profile's", () => {
    const config = { ...guarded, forecastNoiseStd: 0.3 };
    const ahead = aheadOf(config, forecastLookaheadStage, new Sfc32(5));
    // The same window from writeForecast (what VecGridEnv.forecast and MPC read), from the same stream: step 0 is the
    // current step (exact, no draw), steps 1.. are the window (a whole day, well inside the episode).
    const { kernel } = ahead;
    const t = 30;
    const horizon = kernel.data.lookaheadSteps + 1;
    const forecast = writeForecast(kernel.data, 0.3, new Sfc32(5), t, horizon, createForecast(horizon, kernel.numConsumers));
    let overloadKwh = 0;
    let exportKwh = 0;
    for (let h = 1; h < horizon; h++) {
      let netKw = -forecast.solarKw[h];
      for (let c = 0; c < kernel.numConsumers; c++) netKw += Math.max(kernel.config.minConsumerLoadKw, forecast.consumerLoadKw[h * kernel.numConsumers + c]);
      overloadKwh += Math.max(0, netKw - kernel.config.feederCapacityKw) * kernel.config.dtHours;
      exportKwh += Math.max(0, -netKw - kernel.config.exportLimitKw) * kernel.config.dtHours;
    }
    expect(ahead.overloadKwh).toBe(overloadKwh);
    expect(ahead.exportKwh).toBe(exportKwh);
    const oracle = aheadOf({ ...config, guardForecast: "oracle" }, oracleLookaheadStage, new Sfc32(5));
    expect(oracle.overloadKwh).toBeGreaterThan(1);
    expect(oracle.exportKwh).toBeGreaterThan(1);
    expect(Math.abs(ahead.overloadKwh - oracle.overloadKwh)).toBeGreaterThan(1e-3);
    // Without noise the forecast is exact and agrees with the oracle up to rounding.
    const exact = aheadOf({ ...guarded, forecastNoiseStd: 0 }, forecastLookaheadStage, new Sfc32(5));
    expect(exact.overloadKwh).toBeCloseTo(oracle.overloadKwh, 9);
    expect(exact.exportKwh).toBeCloseTo(oracle.exportKwh, 9);
  });

  /**
   * 300 steps of two envs under cycling actions: the sums of system cost, state of charge and guard correction, and
   * of the solar forecast env 0's planner would read for the next step.
   */
  function run(config: GridConfigInput) {
    const env = new VecGridEnv({ profiles, numEnvs: 2, seed: 4, config: { ...guarded, ...config } });
    let costUsd = 0;
    let socSum = 0;
    let correctionKw = 0;
    let plannerSolarForecastKw = 0;
    for (let step = 0; step < 300; step++) {
      for (let i = 0; i < env.actions.length; i++) env.actions[i] = (i * 7 + step * 3) % env.numActions;
      env.step();
      for (let e = 0; e < 2; e++) {
        costUsd += env.info.systemCostUsd[e];
        socSum += env.soc[e];
        correctionKw += env.info.guardCorrectionKw[e];
      }
      plannerSolarForecastKw += env.forecast(0, 2).solarKw[1];
    }
    return { costUsd, socSum, correctionKw, plannerSolarForecastKw };
  }

  it("on the oracle, is the kernel before the forecast option, bit for bit", () => {
    // Pinned with the kernel of commit 9f6fcbd (the oracle was then the only lookahead), forecast noise 0.2.
    const oracle = run({ guardForecast: "oracle", forecastNoiseStd: 0.2 });
    expect(oracle.costUsd).toBe(60.41032773248032);
    expect(oracle.socSum).toBe(343.32453557007943);
    expect(oracle.correctionKw).toBe(800.4885685756623);
  });

  it("on noisy forecasts, keeps another reserve than the oracle, and leaves the planners' forecast stream alone", () => {
    const noisy = run({ forecastNoiseStd: 0.2 });
    const oracle = run({ guardForecast: "oracle", forecastNoiseStd: 0.2 });
    expect(Math.abs(noisy.socSum - oracle.socSum)).toBeGreaterThan(1);
    // The guard draws from its own stream: what VecGridEnv.forecast gives (MPC's forecasts) draws the same noise.
    expect(noisy.plannerSolarForecastKw).toBe(oracle.plannerSolarForecastKw);
    // Without noise the forecast is exact: the same trajectories as the oracle's (here to the last bit).
    expect(run({ forecastNoiseStd: 0 })).toEqual(run({ guardForecast: "oracle", forecastNoiseStd: 0 }));
  });
  it("with a margin for the forecast's error, adds z standard deviations of the excess energy's error to each", () => {
    const noisy = { ...guarded, forecastNoiseStd: 0.2 };
    const plain = aheadOf(noisy, forecastLookaheadStage, new Sfc32(7));
    const margined = aheadOf({ ...noisy, guardForecastMarginStd: 2 }, forecastLookaheadStage, new Sfc32(7));
    // By hand from the same draws: each step's net load error has variance 0.2^2 times the sum of its terms' squares;
    // the steps within two of its standard deviations of a limit add theirs to that excess's variance.
    const { kernel } = plain;
    const { feederCapacityKw, exportLimitKw, dtHours, minConsumerLoadKw } = kernel.config;
    const horizon = kernel.data.lookaheadSteps + 1;
    const forecast = writeForecast(kernel.data, 0.2, new Sfc32(7), 30, horizon, createForecast(horizon, kernel.numConsumers));
    let overloadVariance = 0;
    let exportVariance = 0;
    for (let h = 1; h < horizon; h++) {
      let netKw = -forecast.solarKw[h];
      let variance = forecast.solarKw[h] ** 2;
      for (let c = 0; c < kernel.numConsumers; c++) {
        const loadKw = forecast.consumerLoadKw[h * kernel.numConsumers + c];
        netKw += Math.max(minConsumerLoadKw, loadKw);
        variance += loadKw ** 2;
      }
      const marginKw = 2 * 0.2 * Math.sqrt(variance);
      if (netKw + marginKw > feederCapacityKw) overloadVariance += variance;
      if (-netKw + marginKw > exportLimitKw) exportVariance += variance;
    }
    expect(overloadVariance).toBeGreaterThan(0);
    expect(exportVariance).toBeGreaterThan(0);
    expect(margined.overloadKwh).toBeCloseTo(plain.overloadKwh + 2 * 0.2 * Math.sqrt(overloadVariance) * dtHours, 9);
    expect(margined.exportKwh).toBeCloseTo(plain.exportKwh + 2 * 0.2 * Math.sqrt(exportVariance) * dtHours, 9);
    // Without noise there is no error to keep a margin for: the exact forecast, bit for bit.
    const exact = aheadOf({ ...guarded, forecastNoiseStd: 0 }, forecastLookaheadStage, new Sfc32(7));
    const exactMargined = aheadOf({ ...guarded, forecastNoiseStd: 0, guardForecastMarginStd: 2 }, forecastLookaheadStage, new Sfc32(7));
    expect(exactMargined.overloadKwh).toBe(exact.overloadKwh);
    expect(exactMargined.exportKwh).toBe(exact.exportKwh);
  });
});
