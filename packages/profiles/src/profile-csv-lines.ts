import { formatCsvRow } from "./csv-write.js";
import type { ProfileTable } from "./profile-table.js";
import { formatTimestamp } from "./timestamps.js";

/**
 * Steps [`startStep`, `startStep + steps`) of a table as profile CSV lines, the header first: `timestamp` (UTC, ISO
 * 8601), then `base_load_kw` and `solar_kw`, or `load_kw:<id>` and `solar_kw:<id>` per consumer when the table has
 * its consumers' own series, then `temperature_c` and `day_ahead_price`. What `parseProfileCsv` and
 * `ProfileRowReader` read back (fields quoted as {@link formatCsvRow} does, e.g. a consumer id with a comma).
 */
export function profileCsvLines(table: ProfileTable, startStep: number, steps: number): string[] {
  const length = table.baseLoadKw.length;
  if (!Number.isInteger(startStep) || !Number.isInteger(steps) || startStep < 0 || steps < 1 || startStep + steps > length) {
    throw new Error(`profileCsvLines: steps ${startStep}..${startStep + steps} are not within the table's ${length} steps`);
  }
  const consumers = table.consumers;
  const header = [
    "timestamp",
    ...(consumers ? consumers.flatMap((consumer) => [`load_kw:${consumer.id}`, ...(consumer.solarKw ? [`solar_kw:${consumer.id}`] : [])]) : ["base_load_kw", "solar_kw"]),
    "temperature_c",
    "day_ahead_price",
  ];
  const lines = [formatCsvRow(header)];
  for (let t = startStep; t < startStep + steps; t++) {
    const power = consumers
      ? consumers.flatMap((consumer) => [consumer.loadKw[t], ...(consumer.solarKw ? [consumer.solarKw[t]] : [])])
      : [table.baseLoadKw[t], table.solarKw[t]];
    lines.push(formatCsvRow([formatTimestamp(table.timestampsMs[t]), ...power, table.temperatureC[t], table.dayAheadPriceUsdPerKwh[t]]));
  }
  return lines;
}
