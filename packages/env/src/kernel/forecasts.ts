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
 * Writes into `out` the forecast of `horizon` steps from profile step `start`, as the environment would give a
 * planner: each consumer's base load and solar with relative noise `noiseStd` (from `rng`; the first step exact),
 * day-ahead prices exact. Steps past the table's end repeat its last step.
 */
export function writeForecast(data: GridData, noiseStd: number, rng: Sfc32, start: number, horizon: number, out: GridForecast): GridForecast {
  const length = data.profileLength;
  const numConsumers = data.numConsumers;
  for (let h = 0; h < horizon; h++) {
    const t = Math.min(start + h, length - 1);
    const exact = h === 0;
    const solar = data.profiles.solarKw[t] * (noiseStd > 0 && !exact ? 1 + noiseStd * rng.normal() : 1);
    out.solarKw[h] = solar > 0 ? solar : 0;
    out.dayAheadPriceUsdPerKwh[h] = data.profiles.dayAheadPriceUsdPerKwh[t];
    out.hourOfDay[h] = data.profiles.hourOfDay[t];
    for (let c = 0; c < numConsumers; c++) {
      const load = data.consumerLoadKw[c * length + t] * (noiseStd > 0 && !exact ? 1 + noiseStd * rng.normal() : 1);
      out.consumerLoadKw[h * numConsumers + c] = load > 0 ? load : 0;
    }
  }
  return out;
}
