import { type DataIssue, DataFileError, parseNumberCell, splitCsvLine } from "./csv.js";
import { RAW_COLUMNS } from "./profile-columns.js";
import { formatTimestamp, parseTimestamp } from "./timestamps.js";

/** One accepted row of a profile CSV read row by row. */
export interface ProfileRow {
  /** 1-based line in the stream (the header is line 1 when it is the first line). */
  line: number;
  epochMs: number;
  /** Local clock hour as written, in [0, 24). */
  hourOfDay: number;
  /** Steps missing before this row (a whole number of the stream's spacing after the previous accepted row). */
  missedSteps: number;
  baseLoadKw: number;
  solarKw: number;
  temperatureC: number;
  dayAheadPriceUsdPerKwh: number;
  /** Per consumer (in the order of {@link ProfileRowReader.consumerIds}), from `load_kw:<id>`. */
  consumerLoadKw: number[];
  /** Per consumer, from `solar_kw:<id>` (0 where absent). */
  consumerSolarKw: number[];
  /** `solar_forecast_1h` when the stream gives it, else undefined. */
  solarForecast1hKw?: number;
}

const TIMESTAMP_COLUMNS = ["timestamp", "time", "datetime"];
const CONSUMER_COLUMN = /^(load_kw|solar_kw):(.+)$/;

/**
 * Reads a profile CSV one row at a time, as rows arrive (a live feed), with the checks `grid data` makes of a file:
 * the header's columns (a timestamp; `base_load_kw` and `solar_kw`, or `load_kw:<id>` per consumer; `temperature_c`;
 * `day_ahead_price`), then per row its cell count, an ISO 8601 timestamp after the previous accepted row's, on the
 * spacing of the first interval (a whole multiple of it is accepted and its missing steps counted), and finite
 * numbers, loads and solar not negative. A rejected row's issues name the file, line and column; the reader's state
 * moves on only with an accepted row.
 */
export class ProfileRowReader {
  readonly header: string[];
  readonly consumerIds: string[];
  readonly spacing: { ms: number } = { ms: Number.NaN };
  private readonly index: Record<string, number> = {};
  private previousMs = Number.NaN;

  constructor(
    headerLine: string,
    readonly file: string,
    /** The rows' spacing, minutes (default: the first interval's). */
    stepMinutes?: number,
  ) {
    if (stepMinutes !== undefined) this.spacing.ms = stepMinutes * 60_000;
    this.header = splitCsvLine(headerLine.replace(/^\uFEFF/, ""));
    const header = this.header;
    const issues: DataIssue[] = [];
    this.index.timestamp = header.findIndex((name) => TIMESTAMP_COLUMNS.includes(name));
    if (this.index.timestamp < 0) issues.push({ file, line: 1, message: `no timestamp column; expected one named ${TIMESTAMP_COLUMNS.join(" or ")}` });
    this.consumerIds = [...new Set(header.flatMap((name) => CONSUMER_COLUMN.exec(name)?.[2] ?? []))];
    for (const [key, names] of Object.entries(RAW_COLUMNS)) {
      this.index[key] = header.findIndex((name) => (names as readonly string[]).includes(name));
      const optional = this.consumerIds.length > 0 && (key === "baseLoadKw" || key === "solarKw");
      if (this.index[key] < 0 && !optional) issues.push({ file, line: 1, message: `missing column; expected one named ${names.join(" or ")}` });
    }
    for (const id of this.consumerIds) {
      if (!header.includes(`load_kw:${id}`)) issues.push({ file, line: 1, message: `solar_kw:${id} without load_kw:${id}; every consumer needs a load column` });
    }
    this.index.solarForecast1h = header.findIndex((name) => name === "solar_forecast_1h" || name === "solarForecast1h");
    if (issues.length > 0) throw new DataFileError(issues);
  }

  /** Validates one line; returns the row, or the issues that reject it (the reader's state is then unchanged). */
  read(text: string, line: number): { row: ProfileRow; issues?: undefined } | { row?: undefined; issues: DataIssue[] } {
    const file = this.file;
    const cells = splitCsvLine(text);
    if (cells.length !== this.header.length) return { issues: [{ file, line, message: `${cells.length} cells; the header has ${this.header.length}` }] };
    const issues: DataIssue[] = [];
    const timing = this.readTime(cells, line, issues);
    const number = (index: number, nonNegative: boolean): number => {
      if (index < 0) return Number.NaN;
      const value = parseNumberCell(cells[index]);
      if (typeof value === "string") issues.push({ file, line, column: this.header[index], message: value });
      else if (nonNegative && value < 0) issues.push({ file, line, column: this.header[index], message: `${value} is negative; expected a power >= 0 kW` });
      return typeof value === "string" ? Number.NaN : value;
    };
    const consumerLoadKw = this.consumerIds.map((id) => number(this.header.indexOf(`load_kw:${id}`), true));
    const consumerSolarKw = this.consumerIds.map((id) => {
      const index = this.header.indexOf(`solar_kw:${id}`);
      return index < 0 ? 0 : number(index, true);
    });
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const row: ProfileRow = {
      line,
      epochMs: timing?.epochMs ?? Number.NaN,
      hourOfDay: timing?.hourOfDay ?? Number.NaN,
      missedSteps: timing?.missedSteps ?? 0,
      baseLoadKw: this.index.baseLoadKw >= 0 ? number(this.index.baseLoadKw, true) : sum(consumerLoadKw),
      solarKw: this.index.solarKw >= 0 ? number(this.index.solarKw, true) : sum(consumerSolarKw),
      temperatureC: number(this.index.temperatureC, false),
      dayAheadPriceUsdPerKwh: number(this.index.dayAheadPriceUsdPerKwh, false),
      consumerLoadKw,
      consumerSolarKw,
      ...(this.index.solarForecast1h >= 0 && cells[this.index.solarForecast1h] !== "" ? { solarForecast1hKw: number(this.index.solarForecast1h, true) } : {}),
    };
    if (issues.length > 0) return { issues };
    if (Number.isNaN(this.spacing.ms) && !Number.isNaN(this.previousMs)) this.spacing.ms = row.epochMs - this.previousMs;
    this.previousMs = row.epochMs;
    return { row };
  }

  /** The row's time and the steps missed before it; pushes an issue and returns undefined when it is not accepted. */
  private readTime(cells: string[], line: number, issues: DataIssue[]): { epochMs: number; hourOfDay: number; missedSteps: number } | undefined {
    const file = this.file;
    const column = this.header[this.index.timestamp];
    const text = cells[this.index.timestamp];
    const parsed = parseTimestamp(text);
    if (!parsed) {
      issues.push({ file, line, column, message: `"${text}" is not a timestamp; expected ISO 8601 such as 2026-07-01T00:15:00` });
      return undefined;
    }
    if (Number.isNaN(this.previousMs)) return { epochMs: parsed.epochMs, hourOfDay: parsed.hourOfDay, missedSteps: 0 };
    const gap = parsed.epochMs - this.previousMs;
    const previous = formatTimestamp(this.previousMs);
    if (gap === 0) issues.push({ file, line, column, message: `duplicate timestamp ${text}` });
    else if (gap < 0) issues.push({ file, line, column, message: `timestamp ${text} is before the previous row's ${previous}; timestamps must increase` });
    else if (!Number.isNaN(this.spacing.ms) && gap % this.spacing.ms !== 0) {
      const message = `irregular spacing: ${gap / 60_000} minutes after the previous row (${previous}); the stream's spacing is ${this.spacing.ms / 60_000} minutes`;
      issues.push({ file, line, column, message });
    } else {
      const missedSteps = Number.isNaN(this.spacing.ms) ? 0 : gap / this.spacing.ms - 1;
      return { epochMs: parsed.epochMs, hourOfDay: parsed.hourOfDay, missedSteps };
    }
    return undefined;
  }
}
