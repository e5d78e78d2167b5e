import type { GuardForecast } from "../config.js";
import type { Sfc32 } from "../rng.js";
import { forecastFromDraw } from "./forecasts.js";
import { type Kernel, profileStep } from "./kernel.js";

/**
 * A lookahead stage (with the guard's lookahead): writes each running env's coming excess of the uncontrolled
 * feeder (every consumer's base load at its floor, less solar; no battery, no flexibility) over the lookahead
 * window, as `work.overloadAheadKwh` (energy above `feederCapacityKw`) and `work.exportAheadKwh` (export above
 * `exportLimitKw`). `rng` gives the forecast's noise.
 */
export type LookaheadStage = (kernel: Kernel, rng: Sfc32) => void;

/** The lookahead window of env `env`: the profile steps after this one, up to the horizon or the episode's end (exclusive). */
function windowEnd(kernel: Kernel, env: number): number {
  const t = profileStep(kernel.state, env);
  const episodeEnd = kernel.state.startStep[env] + kernel.config.episodeSteps;
  const end = t + 1 + kernel.data.lookaheadSteps;
  return end < episodeEnd ? end : episodeEnd;
}

/** `oracle`: the coming excess from the profile itself (a perfect forecast), one difference of the prefix sums. */
export function oracleLookaheadStage(kernel: Kernel): void {
  const { numEnvs, state, work } = kernel;
  const { overloadPrefixKwh, exportPrefixKwh } = kernel.data;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const first = profileStep(state, env) + 1;
    const end = windowEnd(kernel, env);
    work.overloadAheadKwh[env] = overloadPrefixKwh[end] - overloadPrefixKwh[first];
    work.exportAheadKwh[env] = exportPrefixKwh[end] - exportPrefixKwh[first];
  }
}

/**
 * `forecast`: the coming excess from the forecast model the agents and MPC get ({@link forecastKw}: each step's
 * solar, then each consumer's base load, with `forecastNoiseStd` relative noise drawn afresh every step), so the
 * guard knows the coming hours only as a deployed one would. With `guardForecastMarginStd` (z) each excess is planned
 * z standard deviations of its own forecast error above the forecast: the steps' errors are independent, so the
 * excess energy's variance is the sum of the net load's over the steps that may exceed the limit (those within z of
 * their own standard deviations of it), each step's the sum of its terms' (noise std times the forecast value, squared).
 */
export function forecastLookaheadStage(kernel: Kernel, rng: Sfc32): void {
  const { config, numEnvs, numConsumers, state, work } = kernel;
  const { profiles, consumerLoadKw, profileLength } = kernel.data;
  const noiseStd = +config.forecastNoiseStd;
  const minLoadKw = +config.minConsumerLoadKw;
  const capacityKw = +config.feederCapacityKw;
  const exportLimitKw = +config.exportLimitKw;
  const zNoise = config.guardForecastMarginStd * noiseStd; // z times the relative noise: the margin per kW of forecast spread
  const margined = zNoise > 0; // else no variance is summed: the forecast's excess itself, bit for bit
  const dt = +config.dtHours;
  const noise = work.forecastNoise;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const first = profileStep(state, env) + 1;
    const end = windowEnd(kernel, env);
    // The window's draws in one call, in the order they are used (solar, then each consumer, step by step).
    if (noiseStd > 0) rng.fillNormal(noise, (end - first) * (numConsumers + 1));
    let draw = 0;
    let overloadKwh = 0;
    let exportKwh = 0;
    let overloadVarianceKw2 = 0;
    let exportVarianceKw2 = 0;
    for (let t = first; t < end; t++) {
      const solarKw = forecastFromDraw(profiles.solarKw[t], noiseStd, noise[draw++]);
      let netKw = -solarKw;
      let netVarianceKw2 = margined ? solarKw * solarKw : 0;
      for (let c = 0; c < numConsumers; c++) {
        const loadKw = forecastFromDraw(consumerLoadKw[c * profileLength + t], noiseStd, noise[draw++]);
        netKw += Math.max(minLoadKw, loadKw);
        if (margined) netVarianceKw2 += loadKw * loadKw;
      }
      overloadKwh += Math.max(0, netKw - capacityKw) * dt;
      exportKwh += Math.max(0, -netKw - exportLimitKw) * dt;
      if (!margined) continue;
      const marginKw = zNoise * Math.sqrt(netVarianceKw2);
      if (netKw + marginKw > capacityKw) overloadVarianceKw2 += netVarianceKw2;
      if (-netKw + marginKw > exportLimitKw) exportVarianceKw2 += netVarianceKw2;
    }
    work.overloadAheadKwh[env] = margined ? overloadKwh + zNoise * Math.sqrt(overloadVarianceKw2) * dt : overloadKwh;
    work.exportAheadKwh[env] = margined ? exportKwh + zNoise * Math.sqrt(exportVarianceKw2) * dt : exportKwh;
  }
}

/** Each `guardForecast`'s lookahead stage, chosen once when the kernel is built. */
export const LOOKAHEAD_STAGES: Readonly<Record<GuardForecast, LookaheadStage>> = {
  oracle: oracleLookaheadStage,
  forecast: forecastLookaheadStage,
};
