import { type DataIssue, DataFileError } from "./csv.js";
import { formatLocalTimestamp, localHoursOfDay, UTC_TIME_ZONE } from "./time-zones.js";

/**
 * What a series' numbers mean, which decides how it is resampled:
 * - `energy`: energy per interval, kWh (a meter reading per interval, CityLearn's loads). Upsampling spreads the
 *   energy evenly over the sub-steps; aggregation sums it. The aligned series is the mean power, kW.
 * - `power`: mean power over the interval, kW. Upsampling repeats it; aggregation averages it. Energy is conserved.
 * - `level`: a quantity that is not summed over time (temperature, price). Upsampling holds it; aggregation averages it.
 */
export type SeriesKind = "energy" | "power" | "level";

/** One measured series with its own timestamps and resolution. */
export interface TimeSeriesInput {
  /** Name used in messages and as the key of the result, e.g. `Building_1.non_shiftable_load`. */
  name: string;
  /** Start of each interval, milliseconds since the Unix epoch (UTC instants), strictly increasing. */
  timestampsMs: ArrayLike<number>;
  /** One value per timestamp; NaN marks a missing value (a gap, like a missing row). */
  values: ArrayLike<number>;
  /** What the numbers mean; see {@link SeriesKind}. */
  kind: SeriesKind;
  /** The series' native interval, minutes (60 for hourly data). Every timestamp must lie on this grid. */
  intervalMinutes: number;
  /** The file the series came from (for messages). */
  file?: string;
  /** The file line of each value (for messages), when known. */
  lines?: ArrayLike<number>;
}

/** Where the aligned grid lies and how gaps are treated. */
export interface AlignmentOptions {
  /** First step, ms since the epoch (UTC). Default: the latest series start, rounded up to the step. */
  startMs?: number;
  /** End of the last step (exclusive), ms. Default: the earliest series end, rounded down to the step. */
  endMs?: number;
  /** The environment's step, minutes (15). */
  stepMinutes: number;
  /** IANA time zone of the local clock, used for `hourOfDay` (`UTC`: no time zone, every day 24 hours). */
  timeZone?: string;
  /** Longest run of missing data that is filled, minutes (0: every gap is an error). Longer gaps are errors. */
  maxGapMinutes?: number;
}

/** A run of missing data that was filled. */
export interface FilledGap {
  /** The series' name. */
  series: string;
  /** Start of the first missing interval, ms (UTC). */
  startMs: number;
  /** End of the last missing interval, ms (exclusive). */
  endMs: number;
  /** Length of the gap, minutes. */
  minutes: number;
  /** How it was filled. */
  method: "linear" | "hold";
}

/** One series on the aligned grid. */
export interface AlignedSeries {
  /** Mean power (kW) for `energy` and `power` series, the level for `level` series, one value per step. */
  values: Float64Array;
  /** 1 where the step's value used filled data. */
  filled: Uint8Array;
}

/** Series brought onto one regular grid. */
export interface AlignmentResult {
  /** Start of each step, ms (UTC). */
  timestampsMs: Float64Array;
  /** Local clock hour at the start of each step, in [0, 24): 23- and 25-hour days show here. */
  hourOfDay: Float64Array;
  /** Step length, hours. */
  stepHours: number;
  /** Each series by name. */
  series: Record<string, AlignedSeries>;
  /** 1 where any series' value at the step used filled data. */
  filled: Uint8Array;
  /** Every gap filled. */
  gaps: FilledGap[];
  /** What was done, in words (resampling, gaps filled), for a table's `notes`. */
  notes: string[];
}

const MINUTE_MS = 60_000;

/**
 * Brings series of different resolutions and start times onto one regular grid of `stepMinutes` in UTC
 * (the environment's step). Each series is read as piecewise constant over its native intervals and averaged
 * over each step, which upsamples (hourly to 15 minutes: energy spread evenly, power and levels repeated) and
 * aggregates (5 minutes to 15: energy summed, power and levels averaged) with the energy conserved exactly
 * whenever the grids' boundaries coincide. Because the grid is regular in UTC, a day with a daylight-saving
 * change has 23 or 25 hours of steps, and `hourOfDay` is the local clock hour in `timeZone`.
 *
 * A gap (missing rows, NaN values, or a series that does not cover the grid) of at most `maxGapMinutes` is
 * filled by linear interpolation of the mean power or level between its neighbours (held at the edges of the
 * data); filled steps are marked in `filled` and listed in `gaps` and `notes`. A longer gap, a timestamp off the
 * series' own grid, and a duplicate or decreasing timestamp are errors naming the series, its file and line and
 * the interval, collected over every series before anything is returned.
 */
export function alignSeries(inputs: TimeSeriesInput[], options: AlignmentOptions): AlignmentResult {
  const stepMinutes = options.stepMinutes;
  if (!(stepMinutes > 0) || !Number.isFinite(stepMinutes)) {
    throw new RangeError(`stepMinutes: ${stepMinutes} is not a positive number of minutes (e.g. 15 or 60)`);
  }
  if (inputs.length === 0) throw new RangeError("alignSeries: no series given; expected at least one");
  const timeZone = options.timeZone ?? UTC_TIME_ZONE;
  const issues: DataIssue[] = [];
  for (const input of inputs) checkSeriesTimestamps(input, issues);
  if (issues.length > 0) throw new DataFileError(issues);
  const timestampsMs = commonGrid(inputs, options, timeZone);
  const stepMs = stepMinutes * MINUTE_MS;
  const length = timestampsMs.length;
  const series: Record<string, AlignedSeries> = {};
  const filled = new Uint8Array(length);
  const gaps: FilledGap[] = [];
  for (const input of inputs) {
    const native = toNativeGrid(input, timestampsMs[0], timestampsMs[0] + length * stepMs);
    const seriesGaps = fillGaps(input, native, options.maxGapMinutes ?? 0, timeZone, issues);
    gaps.push(...seriesGaps);
    if (issues.length > 0) continue;
    const aligned = resample(native, timestampsMs[0], stepMs, length);
    series[input.name] = aligned;
    if (seriesGaps.length > 0) for (let t = 0; t < length; t++) filled[t] |= aligned.filled[t];
  }
  if (issues.length > 0) throw new DataFileError(issues);
  return {
    timestampsMs,
    hourOfDay: localHoursOfDay(timestampsMs, timeZone),
    stepHours: stepMinutes / 60,
    series,
    filled,
    gaps,
    notes: [...resamplingNotes(inputs, stepMinutes), ...gapNotes(gaps, timeZone)],
  };
}

/** The steps every series covers (or `startMs` to `endMs` as given), on the `stepMinutes` grid; throws when there is none. */
function commonGrid(inputs: TimeSeriesInput[], options: AlignmentOptions, timeZone: string): Float64Array {
  const stepMs = options.stepMinutes * MINUTE_MS;
  const startMs = options.startMs ?? ceilTo(Math.max(...inputs.map((input) => input.timestampsMs[0])), stepMs);
  const endMs =
    options.endMs ??
    floorTo(
      Math.min(...inputs.map((input) => input.timestampsMs[input.timestampsMs.length - 1] + input.intervalMinutes * MINUTE_MS)),
      stepMs,
    );
  const length = Math.floor((endMs - startMs) / stepMs);
  if (!(length >= 1)) {
    throw new RangeError(
      `the series do not overlap on a whole ${options.stepMinutes}-minute step: grid ${formatLocalTimestamp(startMs, timeZone)} to ${formatLocalTimestamp(endMs, timeZone)}`,
    );
  }
  const timestampsMs = new Float64Array(length);
  for (let t = 0; t < length; t++) timestampsMs[t] = startMs + t * stepMs;
  return timestampsMs;
}

/** A note for each series resampled to the step: how (energy spread or summed, power repeated, a level held or averaged). */
function resamplingNotes(inputs: TimeSeriesInput[], stepMinutes: number): string[] {
  return inputs
    .filter((input) => input.intervalMinutes !== stepMinutes)
    .map((input) => {
      const how =
        input.intervalMinutes > stepMinutes
          ? input.kind === "energy"
            ? "upsampled, energy spread evenly"
            : input.kind === "power"
              ? "upsampled, power repeated"
              : "upsampled, value held"
          : input.kind === "energy"
            ? "aggregated, energy summed"
            : "aggregated, averaged";
      return `${input.name}: ${input.intervalMinutes}-minute data ${how} to ${stepMinutes}-minute steps`;
    });
}

/** One note per filled interval, naming every series filled there: a missing row is a gap in every series at once. */
function gapNotes(gaps: FilledGap[], timeZone: string): string[] {
  const byInterval = new Map<string, string[]>();
  for (const gap of gaps) {
    const key = `gap of ${gap.minutes} minutes filled (${gap.method}) from ${formatLocalTimestamp(gap.startMs, timeZone)} to ${formatLocalTimestamp(gap.endMs, timeZone)}`;
    byInterval.set(key, [...(byInterval.get(key) ?? []), gap.series]);
  }
  return [...byInterval].map(([interval, names]) => `${names.join(", ")}: ${interval}`);
}

function ceilTo(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

function floorTo(value: number, step: number): number {
  return Math.floor(value / step) * step;
}

function where(input: TimeSeriesInput, index: number): Pick<DataIssue, "file" | "line"> {
  return { file: input.file ?? input.name, line: input.lines ? input.lines[index] : undefined };
}

function checkSeriesTimestamps(input: TimeSeriesInput, issues: DataIssue[]): void {
  const { timestampsMs, values, intervalMinutes } = input;
  if (!(intervalMinutes > 0)) {
    issues.push({ file: input.file ?? input.name, message: `${input.name}: intervalMinutes ${intervalMinutes} is not a positive number of minutes` });
    return;
  }
  if (timestampsMs.length === 0 || timestampsMs.length !== values.length) {
    issues.push({
      file: input.file ?? input.name,
      message: `${input.name}: ${timestampsMs.length} timestamps and ${values.length} values; expected the same number, at least 1`,
    });
    return;
  }
  const intervalMs = intervalMinutes * MINUTE_MS;
  const first = timestampsMs[0];
  for (let i = 0; i < timestampsMs.length; i++) {
    const time = timestampsMs[i];
    if (!Number.isFinite(time)) {
      issues.push({ ...where(input, i), message: `${input.name}: timestamp ${i} is not a valid instant` });
      continue;
    }
    if (i > 0 && time <= timestampsMs[i - 1]) {
      issues.push({
        ...where(input, i),
        message: `${input.name}: timestamp ${new Date(time).toISOString()} is ${time === timestampsMs[i - 1] ? "a duplicate of" : "before"} the previous one; timestamps must increase`,
      });
    } else if ((time - first) % intervalMs !== 0) {
      issues.push({
        ...where(input, i),
        message: `${input.name}: timestamp ${new Date(time).toISOString()} is not on the series' ${intervalMinutes}-minute grid starting ${new Date(first).toISOString()}`,
      });
    }
  }
}

/** A series on its own regular grid covering the alignment window, as mean power or level; NaN where missing. */
interface NativeGrid {
  startMs: number;
  intervalMs: number;
  values: Float64Array;
  filled: Uint8Array;
  /** The input row at each native index (-1 where the file has no row), for line numbers. */
  rows: Int32Array;
  /** The alignment window, ms: gaps wholly outside it are ignored. */
  windowStartMs: number;
  windowEndMs: number;
}

function toNativeGrid(input: TimeSeriesInput, windowStartMs: number, windowEndMs: number): NativeGrid {
  const intervalMs = input.intervalMinutes * MINUTE_MS;
  const first = input.timestampsMs[0];
  const gridStart = first + Math.floor((Math.min(windowStartMs, first) - first) / intervalMs) * intervalMs;
  const last = input.timestampsMs[input.timestampsMs.length - 1];
  const gridEnd = Math.max(windowEndMs, last + intervalMs);
  const count = Math.ceil((gridEnd - gridStart) / intervalMs);
  const values = new Float64Array(count).fill(Number.NaN);
  const scale = input.kind === "energy" ? 60 / input.intervalMinutes : 1;
  const rows = new Int32Array(count).fill(-1);
  for (let i = 0; i < input.timestampsMs.length; i++) {
    const index = (input.timestampsMs[i] - gridStart) / intervalMs;
    rows[index] = i;
    const value = input.values[i];
    values[index] = Number.isFinite(value) ? value * scale : Number.NaN;
  }
  return { startMs: gridStart, intervalMs, values, filled: new Uint8Array(count), rows, windowStartMs, windowEndMs };
}

/** Fills runs of NaN that overlap the window; a run longer than allowed is an issue. Returns the gaps filled. */
function fillGaps(input: TimeSeriesInput, native: NativeGrid, maxGapMinutes: number, timeZone: string, issues: DataIssue[]): FilledGap[] {
  const { values, filled, intervalMs, startMs } = native;
  const gaps: FilledGap[] = [];
  let index = 0;
  while (index < values.length) {
    if (!Number.isNaN(values[index])) {
      index++;
      continue;
    }
    let end = index;
    while (end < values.length && Number.isNaN(values[end])) end++;
    const gapStartMs = startMs + index * intervalMs;
    const gapEndMs = startMs + end * intervalMs;
    const minutes = (gapEndMs - gapStartMs) / MINUTE_MS;
    if (gapEndMs <= native.windowStartMs || gapStartMs >= native.windowEndMs) {
      index = end;
      continue;
    }
    const before = index > 0 ? values[index - 1] : Number.NaN;
    const after = end < values.length ? values[end] : Number.NaN;
    if (minutes > maxGapMinutes || (Number.isNaN(before) && Number.isNaN(after))) {
      const rowBefore = index > 0 ? native.rows[index - 1] : -1;
      issues.push({
        file: input.file ?? input.name,
        line: input.lines && rowBefore >= 0 ? input.lines[rowBefore] : undefined,
        message: `${input.name}: no data for ${minutes} minutes from ${formatLocalTimestamp(gapStartMs, timeZone)} to ${formatLocalTimestamp(gapEndMs, timeZone)}; gaps of at most ${maxGapMinutes} minutes are filled (maxGapMinutes)`,
      });
    } else {
      const method = Number.isNaN(before) || Number.isNaN(after) ? "hold" : "linear";
      for (let k = index; k < end; k++) {
        if (method === "hold") values[k] = Number.isNaN(before) ? after : before;
        else values[k] = before + ((after - before) * (k - index + 1)) / (end - index + 1);
        filled[k] = 1;
      }
      gaps.push({ series: input.name, startMs: gapStartMs, endMs: gapEndMs, minutes, method });
    }
    index = end;
  }
  return gaps;
}

/** Mean of the piecewise-constant native series over each step. */
function resample(native: NativeGrid, startMs: number, stepMs: number, length: number): AlignedSeries {
  const values = new Float64Array(length);
  const filled = new Uint8Array(length);
  const { intervalMs } = native;
  for (let t = 0; t < length; t++) {
    const stepStart = startMs + t * stepMs;
    const stepEnd = stepStart + stepMs;
    let index = Math.floor((stepStart - native.startMs) / intervalMs);
    let sum = 0;
    let mark = 0;
    for (; index < native.values.length; index++) {
      const intervalStart = native.startMs + index * intervalMs;
      if (intervalStart >= stepEnd) break;
      const overlap = Math.min(stepEnd, intervalStart + intervalMs) - Math.max(stepStart, intervalStart);
      if (overlap <= 0) continue;
      sum += native.values[index] * overlap;
      mark |= native.filled[index];
    }
    values[t] = sum / stepMs;
    filled[t] = mark;
  }
  return { values, filled };
}
