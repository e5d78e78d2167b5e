/**
 * A profile table: the exogenous time series of one feeder on a regular time grid.
 *
 * Every series has one value per step; `stepHours` is the spacing (0.25 for the article's 15 minutes).
 * Powers are mean kW over the step; prices are $/kWh. `hourOfDay` is the local clock time in hours
 * (0 to 24) at the start of each step, which is what the article's time features and any time-of-day rule use.
 */
export interface ProfileTable {
  /** Start of each step, milliseconds since the Unix epoch (UTC). */
  timestampsMs: Float64Array;
  /** Local clock hour at the start of each step, in [0, 24). */
  hourOfDay: Float64Array;
  /** Step length in hours. */
  stepHours: number;
  /** Feeder base load, kW (the sum over consumers when `consumers` is given). */
  baseLoadKw: Float64Array;
  /** Feeder solar generation available, kW. */
  solarKw: Float64Array;
  /** Outdoor temperature, degrees C. */
  temperatureC: Float64Array;
  /** Day-ahead (wholesale) energy price, $/kWh. */
  dayAheadPriceUsdPerKwh: Float64Array;
  /** The article's engineered features, derived from the series above. */
  features: EngineeredFeatures;
  /** Per-consumer series, when the source has them (real data, heterogeneous households). */
  consumers?: ConsumerProfile[];
  /** Grid carbon intensity, kg CO2e per kWh, when the source has it. */
  carbonIntensityKgPerKwh?: Float64Array;
  /** 1 where a value at the step was filled in a gap (see `notes`); absent when nothing was filled. */
  filled?: Uint8Array;
  /** IANA time zone of `hourOfDay` (absent: the clock is UTC, no daylight saving). */
  timeZone?: string;
  /** Where the table came from (a file path, a generator and its seed). */
  source: string;
  /** Assumptions made and repairs done while building the table (gaps filled, timeline reconstructed). */
  notes: string[];
}

/** One consumer's own series. */
export interface ConsumerProfile {
  /** A stable identifier, e.g. `Building_1` or `household_3`. */
  id: string;
  /** The consumer's inflexible load, kW. */
  loadKw: Float64Array;
  /** The consumer's own (behind-the-meter) PV generation, kW; counted in the feeder's `solarKw` too. */
  solarKw?: Float64Array;
  /** Flexible power this consumer can defer or add, kW (overrides the environment's `flexKw`). */
  flexKw?: number;
}

/** The seed article's engineered features, one value per step. */
export interface EngineeredFeatures {
  /** sin(2 pi hour / 24). */
  hourSin: Float64Array;
  /** cos(2 pi hour / 24). */
  hourCos: Float64Array;
  /** Rolling mean of `baseLoadKw` over the last 4 steps (at least 1), kW. */
  loadMa1h: Float64Array;
  /** Mean of `solarKw` over steps t+1 .. t+4 (shifted 4 ahead, rolling 4), back-filled at the end, kW. */
  solarForecast1h: Float64Array;
  /** z-score of the day-ahead price (sample standard deviation). */
  priceZ: Float64Array;
}

/** Number of steps in a table. */
export function profileLength(table: ProfileTable): number {
  return table.baseLoadKw.length;
}
