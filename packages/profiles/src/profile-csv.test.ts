import { describe, expect, it } from "vitest";
import { DataFileError } from "./csv.js";
import { parseProfileCsv } from "./profile-csv.js";

const header = "timestamp,base_load_kw,solar_kw,temperature_c,day_ahead_price";
const good = [
  header,
  "2026-07-01T00:00:00,5.0,0,25,0.08",
  "2026-07-01T00:15:00,5.5,0,25,0.09",
  "2026-07-01T00:30:00,6.0,0.5,26,0.10",
  "2026-07-01T00:45:00,6.5,1.0,26,0.11",
  "2026-07-01T01:00:00,7.0,1.5,27,0.12",
].join("\n");

function rejection(text: string): string[] {
  try {
    parseProfileCsv(text, "fixture.csv");
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return (error as DataFileError).issues.map((issue) => `${issue.line}|${issue.column ?? ""}|${issue.message}`);
  }
  throw new Error("the file was accepted");
}

const replaceLine = (line: number, text: string) => {
  const lines = good.split("\n");
  lines[line - 1] = text;
  return lines.join("\n");
};

describe("parseProfileCsv", () => {
  it("reads a table, its spacing and local hours, and computes the missing features", () => {
    const table = parseProfileCsv(good, "fixture.csv");
    expect(table.stepHours).toBe(0.25);
    expect(Array.from(table.hourOfDay)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(table.baseLoadKw)).toEqual([5, 5.5, 6, 6.5, 7]);
    expect(Array.from(table.features.loadMa1h)).toEqual([5, 5.25, 5.5, 5.75, 6.25]);
    // solar_forecast_1h at t: mean of t+1..t+4 that exist; at t=0: (0+0.5+1+1.5)/4
    expect(table.features.solarForecast1h[0]).toBeCloseTo(0.75, 12);
    expect(table.features.solarForecast1h[3]).toBeCloseTo(1.5, 12);
    expect(table.notes.some((note) => note.includes("hour_sin computed"))).toBe(true);
  });

  it("reads offsets as instants but keeps the written clock hour", () => {
    const text = [header, "2026-07-01T10:00:00+02:00,5,0,25,0.08", "2026-07-01T10:15:00+02:00,5,0,25,0.08"].join("\n");
    const table = parseProfileCsv(text, "fixture.csv");
    expect(table.timestampsMs[0]).toBe(Date.UTC(2026, 6, 1, 8));
    expect(table.hourOfDay[0]).toBe(10);
  });

  it("rejects an unparsable timestamp with its line and column", () => {
    expect(rejection(replaceLine(3, "2026-07-01 25:15,5.5,0,25,0.09"))).toContainEqual(
      expect.stringMatching(/^3\|timestamp\|"2026-07-01 25:15" is not a timestamp; expected ISO 8601/),
    );
  });

  it("rejects duplicate and decreasing timestamps", () => {
    expect(rejection(replaceLine(3, "2026-07-01T00:00:00,5.5,0,25,0.09"))).toContainEqual(
      expect.stringMatching(/^3\|timestamp\|duplicate timestamp/),
    );
    const decreasing = [header, "2026-07-01T00:15:00,5,0,25,0.08", "2026-07-01T00:00:00,5,0,25,0.08"].join("\n");
    expect(rejection(decreasing)).toContainEqual(expect.stringMatching(/^3\|timestamp\|.*before the previous row/));
  });

  it("rejects irregular spacing", () => {
    expect(rejection(replaceLine(4, "2026-07-01T00:35:00,6.0,0.5,26,0.10"))).toContainEqual(
      expect.stringMatching(/^4\|timestamp\|irregular spacing: 20 minutes .* spacing is 15 minutes/),
    );
  });

  it("rejects missing, non-numeric and NaN values, and negative load or solar, listing them all", () => {
    const lines = good.split("\n");
    lines[1] = "2026-07-01T00:00:00,,0,25,0.08";
    lines[2] = "2026-07-01T00:15:00,5.5,abc,25,0.09";
    lines[3] = "2026-07-01T00:30:00,6.0,0.5,NaN,0.10";
    lines[4] = "2026-07-01T00:45:00,-1,1.0,26,0.11";
    lines[5] = "2026-07-01T01:00:00,7.0,-0.5,27,inf";
    const issues = rejection(lines.join("\n"));
    expect(issues).toEqual([
      "2|base_load_kw|missing value; expected a number",
      '3|solar_kw|"abc" is not a finite number',
      '4|temperature_c|"NaN" is not a finite number',
      "5|base_load_kw|-1 is negative; expected a power >= 0 kW",
      "6|solar_kw|-0.5 is negative; expected a power >= 0 kW",
      '6|day_ahead_price|"inf" is not a finite number',
    ]);
  });

  it("rejects a missing column and a short row, naming them", () => {
    expect(rejection("timestamp,base_load_kw,solar_kw,day_ahead_price\n2026-07-01T00:00:00,5,0,0.1")).toContainEqual(
      expect.stringMatching(/^1\|\|missing column; expected one named temperature_c or temperatureC/),
    );
    expect(() => parseProfileCsv(`${good}\n2026-07-01T01:15:00,7.0`, "fixture.csv")).toThrowError(
      /fixture\.csv:7: 2 cells; the header has 5/,
    );
  });

  it("uses given feature columns and fills only their empty cells, saying so", () => {
    const text = [
      `${header},solar_forecast_1h`,
      "2026-07-01T00:00:00,5,0,25,0.08,9",
      "2026-07-01T00:15:00,5,1,25,0.08,",
    ].join("\n");
    const table = parseProfileCsv(text, "fixture.csv");
    expect(table.features.solarForecast1h[0]).toBe(9);
    expect(table.features.solarForecast1h[1]).toBe(1);
    expect(table.notes).toContain("feature solar_forecast_1h: 1 empty cell(s) filled with the computed value");
  });
});
