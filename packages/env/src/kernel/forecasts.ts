import type { Sfc32 } from "../rng.js";
import type { GridData } from "./grid-data.js";

/** Forecasts of the next steps, [step] (consumer loads [step][consumer]). */
export interface GridForecast {
  consumerLoadKw: Float64Array;
  solarKw: Float64Array;
  dayAheadPriceUsdPerKwh: Float64Array;
  hourOfDay: Float64Array;
}

/** An empty forecast of `horizon` steps for `numConsumers` consumers. */
export function createForecast(horizon: number, numConsumers: number): GridForecast {
  return {
    consumerLoadKw: new Float64Array(horizon * numConsumers),
    solarKw: new Float64Array(horizon),
    dayAheadPriceUsdPerKwh: new Float64Array(horizon),
    hourOfDay: new Float64Array(horizon),
  };
}

/**
 * The forecast of a value `actualKw` (a base load or the solar) as the environment gives it: with relative noise
 * `noiseStd` from `rng` (none drawn at 0), never below 0, kW. The one forecast model of planners and the guard.
 */
export function forecastKw(actualKw: number, noiseStd: number, rng: Sfc32): number {
  return forecastFromDraw(actualKw, noiseStd, noiseStd > 0 ? rng.normal() : 0);
}

/** {@link forecastKw} with its standard normal draw `z` made already (ignored at `noiseStd` 0, where none is drawn). */
export function forecastFromDraw(actualKw: number, noiseStd: number, z: number): number {
  const valueKw = actualKw * (noiseStd > 0 ? 1 + noiseStd * z : 1);
  return valueKw > 0 ? valueKw : 0;
}

/**
 * Writes into `out` the forecast of `horizon` steps from profile step `start`, as the environment would give a
 * planner: each consumer's base load and solar with relative noise `noiseStd` (from `rng`; the first step exact),
 * day-ahead prices exact. Steps past the table's end repeat its last step.
 */
export function writeForecast(data: GridData, noiseStd: number, rng: Sfc32, start: number, horizon: number, out: GridForecast): GridForecast {
  const length = data.profileLength;
  const numConsumers = data.numConsumers;
  for (let h = 0; h < horizon; h++) {
    const t = Math.min(start + h, length - 1);
    const stepNoiseStd = h === 0 ? 0 : noiseStd; // the current step is known
    out.solarKw[h] = forecastKw(data.profiles.solarKw[t], stepNoiseStd, rng);
    out.dayAheadPriceUsdPerKwh[h] = data.profiles.dayAheadPriceUsdPerKwh[t];
    out.hourOfDay[h] = data.profiles.hourOfDay[t];
    for (let c = 0; c < numConsumers; c++) {
      out.consumerLoadKw[h * numConsumers + c] = forecastKw(data.consumerLoadKw[c * length + t], stepNoiseStd, rng);
    }
  }
  return out;
}
