/** Raw series of a profile table and the column names accepted for each (the article's snake_case, or camelCase). */
export const RAW_COLUMNS = {
  baseLoadKw: ["base_load_kw", "baseLoadKw"],
  solarKw: ["solar_kw", "solarKw"],
  temperatureC: ["temperature_c", "temperatureC"],
  dayAheadPriceUsdPerKwh: ["day_ahead_price", "dayAheadPriceUsdPerKwh", "day_ahead_price_usd_per_kwh"],
} as const;

/** Engineered feature columns; any that is absent is computed from the raw series. */
export const FEATURE_COLUMNS = {
  hourSin: ["hour_sin", "hourSin"],
  hourCos: ["hour_cos", "hourCos"],
  loadMa1h: ["load_ma_1h", "loadMa1h"],
  solarForecast1h: ["solar_forecast_1h", "solarForecast1h"],
  priceZ: ["price_z", "priceZ"],
} as const;

/** Names accepted for the timestamp column. */
export const TIMESTAMP_COLUMNS: readonly string[] = ["timestamp", "time", "datetime"];

/** Per-consumer columns: `load_kw:<id>` and `solar_kw:<id>` (kW, mean over the interval). */
export const CONSUMER_COLUMN = /^(load_kw|solar_kw):(.+)$/;

/** The header's columns that are neither a timestamp, a raw series, a feature nor a consumer's: read by nobody. */
export function unusedColumns(header: readonly string[]): string[] {
  const known = new Set<string>([...TIMESTAMP_COLUMNS, ...Object.values(RAW_COLUMNS).flat(), ...Object.values(FEATURE_COLUMNS).flat()]);
  return header.filter((name) => !known.has(name) && !CONSUMER_COLUMN.test(name));
}
