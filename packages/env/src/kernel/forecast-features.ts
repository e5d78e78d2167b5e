import type { GridConfig } from "../config.js";
import type { Sfc32 } from "../rng.js";
import { forecastKw } from "./forecasts.js";
import type { GridData } from "./grid-data.js";
import { FORECAST_FEATURE_SIZE, FORECAST_INDEX } from "./observation-index.js";

/** The forecast block's entries that carry forecast noise, in the order of their noise scales. */
const NOISY_ENTRIES = [FORECAST_INDEX.loadNear, FORECAST_INDEX.loadFar, FORECAST_INDEX.solarNear, FORECAST_INDEX.solarFar] as const;
const NOISY_SIZE = NOISY_ENTRIES.length;

/** The forecast block of every profile step, built once per environment (empty without `forecastFeatures: "lookahead"`). */
export interface ForecastFeatureTable {
  /** The block without noise, [step][FORECAST_FEATURE_SIZE] (see `FORECAST_INDEX`). */
  readonly forecastFeatures: Float64Array;
  /**
   * The relative standard deviation, per unit of `forecastNoiseStd`, of each noisy entry's window mean (load near and
   * far, solar near and far), [step][4]: the window mean of forecasts that each carry independent relative noise
   * (every consumer's load and the solar at every step, as `writeForecast` draws them) is Gaussian around the mean
   * with relative standard deviation `forecastNoiseStd * sqrt(sum of squares) / sum`, so one draw gives it.
   */
  readonly forecastFeatureNoise: Float64Array;
}

/** Steps of the near window (the horizon's first third) and of the whole horizon, each at least one step. */
export function forecastWindowSteps(config: Pick<GridConfig, "forecastHorizonHours" | "dtHours">): { near: number; horizon: number } {
  const near = Math.max(1, Math.round(config.forecastHorizonHours / 3 / config.dtHours));
  const horizon = Math.max(near + 1, Math.round(config.forecastHorizonHours / config.dtHours));
  return { near, horizon };
}

type TableInputs = Pick<GridData, "profiles" | "profileLength" | "numConsumers" | "consumerLoadKw" | "maxLoadKw" | "maxSolarKw">;

/**
 * The forecast block of every profile step of `data` under `config` (see `FORECAST_INDEX`): nothing in it depends
 * on the environment's state, so a step copies its row and, with `forecastNoiseStd` > 0, draws the noise of the
 * four load and solar means ({@link writeForecastFeatures}).
 */
export function buildForecastFeatures(data: TableInputs, config: Pick<GridConfig, "forecastFeatures" | "forecastHorizonHours" | "dtHours">): ForecastFeatureTable {
  if (config.forecastFeatures !== "lookahead") return { forecastFeatures: new Float64Array(0), forecastFeatureNoise: new Float64Array(0) };
  const length = data.profileLength;
  const { near, horizon } = forecastWindowSteps(config);
  const { solarKw, dayAheadPriceUsdPerKwh: price } = data.profiles;
  const priceZ = data.profiles.features.priceZ;
  // The feeder's base load as the forecast model sums it (its consumers'), and the squares its noise adds up from.
  const loadKw = new Float64Array(length);
  const loadSquares = new Float64Array(length);
  for (let c = 0; c < data.numConsumers; c++) {
    for (let t = 0; t < length; t++) {
      const value = data.consumerLoadKw[c * length + t];
      loadKw[t] += value;
      loadSquares[t] += value * value;
    }
  }
  const features = new Float64Array(length * FORECAST_FEATURE_SIZE);
  const noise = new Float64Array(length * NOISY_SIZE);
  // Window sums from running sums: steps past the table's end repeat its last step, as in `writeForecast`.
  const running = (series: ArrayLike<number>) => {
    const prefix = new Float64Array(length + 1);
    for (let t = 0; t < length; t++) prefix[t + 1] = prefix[t] + series[t];
    return { series, prefix };
  };
  const sum = ({ series, prefix }: { series: ArrayLike<number>; prefix: Float64Array }, t: number, first: number, last: number) => {
    const from = t + first;
    const to = t + last;
    const inside = Math.min(to, length - 1);
    const past = to - Math.max(from, length) + 1;
    return (from <= inside ? prefix[inside + 1] - prefix[from] : 0) + (past > 0 ? past * series[length - 1] : 0);
  };
  const load = running(loadKw);
  const loadSq = running(loadSquares);
  const solar = running(solarKw);
  const solarSq = running(Float64Array.from(solarKw, (value) => value * value));
  const z = running(priceZ);
  const relativeStd = (values: ReturnType<typeof running>, squares: ReturnType<typeof running>, t: number, first: number, last: number) => {
    const total = sum(values, t, first, last);
    return total > 0 ? Math.sqrt(Math.max(0, sum(squares, t, first, last))) / total : 0;
  };
  const farSteps = horizon - near;
  for (let t = 0; t < length; t++) {
    const row = t * FORECAST_FEATURE_SIZE;
    let peak = 0;
    for (let offset = 1; offset <= horizon; offset++) {
      if (price[Math.min(t + offset, length - 1)] > price[Math.min(t + peak, length - 1)]) peak = offset;
    }
    features[row + FORECAST_INDEX.priceNear] = sum(z, t, 1, near) / near;
    features[row + FORECAST_INDEX.priceFar] = sum(z, t, near + 1, horizon) / farSteps;
    features[row + FORECAST_INDEX.hoursToPricePeak] = peak / horizon;
    features[row + FORECAST_INDEX.loadNear] = sum(load, t, 1, near) / near / data.maxLoadKw;
    features[row + FORECAST_INDEX.loadFar] = sum(load, t, near + 1, horizon) / farSteps / data.maxLoadKw;
    features[row + FORECAST_INDEX.solarNear] = sum(solar, t, 1, near) / near / data.maxSolarKw;
    features[row + FORECAST_INDEX.solarFar] = sum(solar, t, near + 1, horizon) / farSteps / data.maxSolarKw;
    const noiseRow = t * NOISY_SIZE;
    noise[noiseRow] = relativeStd(load, loadSq, t, 1, near);
    noise[noiseRow + 1] = relativeStd(load, loadSq, t, near + 1, horizon);
    noise[noiseRow + 2] = relativeStd(solar, solarSq, t, 1, near);
    noise[noiseRow + 3] = relativeStd(solar, solarSq, t, near + 1, horizon);
  }
  return { forecastFeatures: features, forecastFeatureNoise: noise };
}

/**
 * Writes the forecast block of profile step `t` into `target` at `offset`: the table's row, with the load and solar
 * means drawn from the forecast model (`forecastKw`, the one the planners and the guard get) when
 * `forecastNoiseStd` > 0, from `rng`. Allocates nothing.
 */
export function writeForecastFeatures(data: GridData, noiseStd: number, t: number, rng: Sfc32, target: Float32Array, offset: number): void {
  const table = data.forecastFeatures;
  const row = t * FORECAST_FEATURE_SIZE;
  for (let k = 0; k < FORECAST_FEATURE_SIZE; k++) target[offset + k] = table[row + k];
  if (noiseStd <= 0) return;
  const noiseRow = t * NOISY_SIZE;
  for (let i = 0; i < NOISY_SIZE; i++) {
    const entry = NOISY_ENTRIES[i];
    // Relative noise on a normalised mean is the same as on the mean in kW.
    target[offset + entry] = forecastKw(table[row + entry], noiseStd * data.forecastFeatureNoise[noiseRow + i], rng);
  }
}
