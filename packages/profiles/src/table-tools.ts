import { computeFeatures } from "./features.js";
import type { ConsumerProfile, ProfileTable } from "./profile-table.js";

/**
 * The series a table is built from: a {@link ProfileTable} without its features (computed), whose feeder load and
 * solar default to the sums over consumers.
 */
export type ProfileTableParts = Omit<ProfileTable, "features" | "baseLoadKw" | "solarKw"> & {
  /** Feeder base load, kW; default: the sum of the consumers' loads. */
  baseLoadKw?: Float64Array;
  /** Feeder solar, kW; default: the sum of the consumers' PV (zero when none has PV). */
  solarKw?: Float64Array;
};

/**
 * Steps in the article's one-hour feature windows for a step length: 4 at 15 minutes (the article), 1 at an
 * hour, so `loadMa1h` and `solarForecast1h` keep meaning one hour whatever the step.
 */
export function featureWindowSteps(stepHours: number): number {
  return Math.max(1, Math.round(1 / stepHours));
}

/**
 * Builds a profile table from its series: the feeder load and solar default to the sums over consumers, and
 * the article's features are computed with one-hour windows ({@link featureWindowSteps}).
 */
export function buildProfileTable(parts: ProfileTableParts): ProfileTable {
  const length = parts.timestampsMs.length;
  const baseLoadKw = parts.baseLoadKw ?? sumConsumers(parts.consumers ?? [], "loadKw", length);
  const solarKw = parts.solarKw ?? sumConsumers(parts.consumers ?? [], "solarKw", length);
  const table: ProfileTable = {
    timestampsMs: parts.timestampsMs,
    hourOfDay: parts.hourOfDay,
    stepHours: parts.stepHours,
    baseLoadKw,
    solarKw,
    temperatureC: parts.temperatureC,
    dayAheadPriceUsdPerKwh: parts.dayAheadPriceUsdPerKwh,
    features: computeFeatures(parts.hourOfDay, baseLoadKw, solarKw, parts.dayAheadPriceUsdPerKwh, featureWindowSteps(parts.stepHours)),
    source: parts.source,
    notes: parts.notes,
  };
  if (parts.consumers) table.consumers = parts.consumers;
  if (parts.carbonIntensityKgPerKwh) table.carbonIntensityKgPerKwh = parts.carbonIntensityKgPerKwh;
  if (parts.filled) table.filled = parts.filled;
  if (parts.timeZone) table.timeZone = parts.timeZone;
  return table;
}

function sumConsumers(consumers: ConsumerProfile[], key: "loadKw" | "solarKw", length: number): Float64Array {
  const total = new Float64Array(length);
  for (const consumer of consumers) {
    const series = consumer[key];
    if (!series) continue;
    for (let t = 0; t < length; t++) total[t] += series[t];
  }
  return total;
}

/**
 * Steps `[firstStep, endStep)` of a table as a new table (copies; features recomputed on the slice, notes kept
 * with the slice recorded).
 */
export function sliceProfiles(table: ProfileTable, firstStep: number, endStep: number): ProfileTable {
  const length = table.baseLoadKw.length;
  if (!Number.isInteger(firstStep) || !Number.isInteger(endStep) || firstStep < 0 || endStep > length || endStep - firstStep < 1) {
    throw new RangeError(`slice [${firstStep}, ${endStep}) is not a non-empty range of steps in [0, ${length}]`);
  }
  const cut = (series: Float64Array) => series.slice(firstStep, endStep);
  return buildProfileTable({
    timestampsMs: cut(table.timestampsMs),
    hourOfDay: cut(table.hourOfDay),
    stepHours: table.stepHours,
    baseLoadKw: cut(table.baseLoadKw),
    solarKw: cut(table.solarKw),
    temperatureC: cut(table.temperatureC),
    dayAheadPriceUsdPerKwh: cut(table.dayAheadPriceUsdPerKwh),
    consumers: table.consumers?.map((consumer) => ({
      ...consumer,
      loadKw: cut(consumer.loadKw),
      ...(consumer.solarKw ? { solarKw: cut(consumer.solarKw) } : {}),
    })),
    carbonIntensityKgPerKwh: table.carbonIntensityKgPerKwh ? cut(table.carbonIntensityKgPerKwh) : undefined,
    filled: table.filled?.slice(firstStep, endStep),
    timeZone: table.timeZone,
    source: table.source,
    notes: [...table.notes, `steps ${firstStep} to ${endStep - 1} of ${length} kept`],
  });
}

/**
 * The first step of every local day that starts inside the table: step 0 when the table starts at local
 * midnight, and every step where the clock hour wraps past midnight (drops by more than 12 hours; the 1-hour
 * step back when clocks go back is not a new day). With daylight saving a day holds 23 or 25 hours of steps,
 * so day starts are read from the clock, not counted.
 */
export function localDayStarts(table: Pick<ProfileTable, "hourOfDay" | "stepHours">): Int32Array {
  const hours = table.hourOfDay;
  const starts: number[] = [];
  if (hours.length > 0 && hours[0] < table.stepHours - 1e-9) starts.push(0);
  for (let t = 1; t < hours.length; t++) if (hours[t] < hours[t - 1] - 12) starts.push(t);
  return Int32Array.from(starts);
}

/** Energy of a power series over the table, kWh (sum of kW x step hours). */
export function energyKwh(powerKw: ArrayLike<number>, stepHours: number): number {
  let sum = 0;
  for (let t = 0; t < powerKw.length; t++) sum += powerKw[t];
  return sum * stepHours;
}

/** What a table holds, for people: span, resolution, consumers and their energies, gaps filled, assumptions. */
export interface ProfileSummary {
  /** Where the table came from (file, folder or generator). */
  source: string;
  /** Start of the first step, ISO 8601 UTC. */
  startIso: string;
  /** End of the last step, ISO 8601 UTC. */
  endIso: string;
  /** Number of steps. */
  steps: number;
  /** Step length, minutes. */
  stepMinutes: number;
  /** Whole local days in the table, from its first local midnight (the last one only with 24 hours of steps). */
  days: number;
  /** IANA time zone of the clock (`UTC` when the table has none). */
  timeZone: string;
  /** Names of the series present. */
  series: string[];
  /** Consumers with their own series (0 when the feeder load is split by shares). */
  numConsumers: number;
  /** Feeder load energy over the table, kWh. */
  feederLoadKwh: number;
  /** Feeder solar energy over the table, kWh. */
  feederSolarKwh: number;
  /** Largest feeder load, kW. */
  peakLoadKw: number;
  /** Largest feeder solar, kW. */
  peakSolarKw: number;
  /** Each consumer: its load and PV energy (kWh), its peak load (kW) and flexible power (kW) when set. */
  consumers: { id: string; loadKwh: number; solarKwh: number; peakLoadKw: number; flexKw?: number }[];
  /** Steps where a value was filled in a gap. */
  filledSteps: number;
  /** The table's notes: assumptions made and repairs done. */
  notes: string[];
}

/** Summarises a table: see {@link ProfileSummary}. */
export function summarizeProfiles(table: ProfileTable): ProfileSummary {
  const length = table.baseLoadKw.length;
  const stepMs = table.stepHours * 3_600_000;
  const series = ["baseLoadKw", "solarKw", "temperatureC", "dayAheadPriceUsdPerKwh"];
  if (table.carbonIntensityKgPerKwh) series.push("carbonIntensityKgPerKwh");
  if (table.consumers) series.push(`consumers[${table.consumers.length}].loadKw`);
  if (table.consumers?.some((consumer) => consumer.solarKw)) series.push(`consumers[].solarKw`);
  const peak = (values: ArrayLike<number>) => {
    let max = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < values.length; t++) max = Math.max(max, values[t]);
    return max;
  };
  let filledSteps = 0;
  if (table.filled) for (let t = 0; t < length; t++) filledSteps += table.filled[t];
  const starts = localDayStarts(table);
  // The last day counts when a full 24 hours of steps follow its midnight.
  const days = starts.length === 0 ? 0 : starts.length - (length - starts[starts.length - 1] < Math.round(24 / table.stepHours) ? 1 : 0);
  return {
    source: table.source,
    startIso: new Date(table.timestampsMs[0]).toISOString(),
    endIso: new Date(table.timestampsMs[length - 1] + stepMs).toISOString(),
    steps: length,
    stepMinutes: table.stepHours * 60,
    days,
    timeZone: table.timeZone ?? "UTC",
    series,
    numConsumers: table.consumers?.length ?? 0,
    feederLoadKwh: energyKwh(table.baseLoadKw, table.stepHours),
    feederSolarKwh: energyKwh(table.solarKw, table.stepHours),
    peakLoadKw: peak(table.baseLoadKw),
    peakSolarKw: peak(table.solarKw),
    consumers: (table.consumers ?? []).map((consumer) => ({
      id: consumer.id,
      loadKwh: energyKwh(consumer.loadKw, table.stepHours),
      solarKwh: consumer.solarKw ? energyKwh(consumer.solarKw, table.stepHours) : 0,
      peakLoadKw: peak(consumer.loadKw),
      ...(consumer.flexKw !== undefined ? { flexKw: consumer.flexKw } : {}),
    })),
    filledSteps,
    notes: table.notes,
  };
}
