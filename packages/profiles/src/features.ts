import type { EngineeredFeatures } from "./profile-table.js";

/** Steps in the article's one-hour windows (4 x 15 minutes). */
export const FEATURE_WINDOW_STEPS = 4;

/**
 * The article's engineered features, computed exactly as its pandas code does:
 * `hour_sin`, `hour_cos` from the clock hour; `load_ma_1h = base_load.rolling(4, min_periods=1).mean()`;
 * `solar_forecast_1h = solar.shift(-4).rolling(4, min_periods=1).mean().bfill()`;
 * `price_z = (price - mean) / std` with the sample standard deviation (ddof 1).
 */
export function computeFeatures(
  hourOfDay: Float64Array,
  baseLoadKw: Float64Array,
  solarKw: Float64Array,
  dayAheadPriceUsdPerKwh: Float64Array,
  windowSteps: number = FEATURE_WINDOW_STEPS,
): EngineeredFeatures {
  const length = hourOfDay.length;
  const hourSin = new Float64Array(length);
  const hourCos = new Float64Array(length);
  for (let t = 0; t < length; t++) {
    const angle = (2 * Math.PI * hourOfDay[t]) / 24;
    hourSin[t] = Math.sin(angle);
    hourCos[t] = Math.cos(angle);
  }
  return {
    hourSin,
    hourCos,
    loadMa1h: trailingMean(baseLoadKw, windowSteps),
    solarForecast1h: forwardMean(solarKw, windowSteps),
    priceZ: zScore(dayAheadPriceUsdPerKwh),
  };
}

/** Mean over the last `window` values including t (fewer at the start), like pandas `rolling(window, min_periods=1)`. */
export function trailingMean(values: Float64Array, window: number): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let t = 0; t < values.length; t++) {
    sum += values[t];
    if (t >= window) sum -= values[t - window];
    out[t] = sum / Math.min(t + 1, window);
  }
  return out;
}

/**
 * The article's 1-hour solar forecast, pandas `values.shift(-window).rolling(window, min_periods=1).mean().bfill()`:
 * at step t, the mean of the values at t+1 .. t+window that exist. At the very last step no value lies ahead and
 * pandas leaves NaN there (its `bfill` has nothing to fill from); this function carries the previous step's
 * forecast forward instead, so the series never holds NaN. Every other step equals pandas exactly.
 */
export function forwardMean(values: Float64Array, window: number): Float64Array {
  const length = values.length;
  const out = new Float64Array(length);
  for (let t = 0; t < length; t++) {
    let sum = 0;
    let count = 0;
    const last = Math.min(t + window, length - 1);
    for (let source = t + 1; source <= last; source++) {
      sum += values[source];
      count++;
    }
    out[t] = count > 0 ? sum / count : t > 0 ? out[t - 1] : values[t];
  }
  return out;
}

/** (x - mean) / sample standard deviation; all zeros when the series is constant. */
export function zScore(values: Float64Array): Float64Array {
  const length = values.length;
  let mean = 0;
  for (let t = 0; t < length; t++) mean += values[t];
  mean /= Math.max(length, 1);
  let squares = 0;
  for (let t = 0; t < length; t++) squares += (values[t] - mean) ** 2;
  const standardDeviation = length > 1 ? Math.sqrt(squares / (length - 1)) : 0;
  const out = new Float64Array(length);
  if (standardDeviation === 0) return out;
  for (let t = 0; t < length; t++) out[t] = (values[t] - mean) / standardDeviation;
  return out;
}
