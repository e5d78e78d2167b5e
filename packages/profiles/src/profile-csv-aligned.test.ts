import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DataFileError } from "./csv.js";
import { parseProfileCsv, readProfileCsv } from "./profile-csv.js";
import { energyKwh, localDayStarts } from "./table-tools.js";

const here = dirname(fileURLToPath(import.meta.url));
/** 3 days of 30-minute local Berlin times through the 2026-10-25 clock change (02:00-03:00 listed twice), 2 consumers, 12:00 on the 26th missing. */
const berlin = join(here, "__fixtures__", "own-data-berlin.csv");

describe("profile CSV with time zones, gaps, resampling and consumer columns", () => {
  it("reads local times in their zone: the 25-hour day has 100 quarter-hours and the clock repeats 02:00", () => {
    const table = readProfileCsv(berlin, { timeZone: "Europe/Berlin", stepMinutes: 15, maxGapMinutes: 30 });
    expect(table.stepHours).toBe(0.25);
    expect(Array.from(localDayStarts(table))).toEqual([0, 96, 196]);
    expect(table.baseLoadKw.length).toBe(96 + 100 + 96);
    expect(table.hourOfDay.slice(96, 196).filter((hour) => hour === 2).length).toBe(2);
    expect(new Date(table.timestampsMs[96]).toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(table.timeZone).toBe("Europe/Berlin");
  });

  it("makes each load_kw:<id> a consumer, the feeder load their sum and the feeder solar the consumers' PV", () => {
    const table = readProfileCsv(berlin, { timeZone: "Europe/Berlin", maxGapMinutes: 30 });
    expect(table.consumers!.map((consumer) => consumer.id)).toEqual(["flat_a", "house_b"]);
    expect(table.consumers![0].solarKw).toBeUndefined();
    const text = readFileSync(berlin, "utf8").trim().split("\n").slice(1);
    const fileLoadKwh = text.reduce((total, line) => total + Number(line.split(",")[1]) * 0.5, 0);
    // One 30-minute row is missing from the file and filled by interpolation.
    const filledKwh = table.consumers![0].loadKw[table.filled!.indexOf(1)] * 0.5;
    expect(energyKwh(table.consumers![0].loadKw, 0.5)).toBeCloseTo(fileLoadKwh + filledKwh, 9);
    expect(table.baseLoadKw[30]).toBeCloseTo(table.consumers![0].loadKw[30] + table.consumers![1].loadKw[30], 12);
    expect(table.solarKw).toEqual(table.consumers![1].solarKw);
    expect(table.notes.join("\n")).toContain("columns not used: meter_id");
  });

  it("fills the missing row when allowed, marking it and naming it in the notes", () => {
    const table = readProfileCsv(berlin, { timeZone: "Europe/Berlin", maxGapMinutes: 30 });
    expect(table.filled!.reduce((total, flag) => total + flag, 0)).toBe(1);
    expect(table.notes).toContain(
      "temperatureC, dayAheadPriceUsdPerKwh, load_kw:flat_a, load_kw:house_b, solar_kw:house_b: gap of 30 minutes filled (linear) from 2026-10-26T12:00+01:00 to 2026-10-26T12:30+01:00",
    );
  });

  it("rejects the gap when it is longer than allowed, naming the file, the line before it and the interval", () => {
    expect(() => readProfileCsv(berlin, { timeZone: "Europe/Berlin" })).toThrowError(
      /own-data-berlin\.csv:123: load_kw:flat_a: no data for 30 minutes from 2026-10-26T12:00\+01:00 to 2026-10-26T12:30\+01:00/,
    );
  });

  it("rejects a local time in the hour skipped when clocks go forward", () => {
    const csv = [
      "timestamp,base_load_kw,solar_kw,temperature_c,day_ahead_price",
      "2026-03-29T01:30,1,0,5,0.2",
      "2026-03-29T02:30,1,0,5,0.2",
      "2026-03-29T03:30,1,0,5,0.2",
    ].join("\n");
    expect(() => parseProfileCsv(csv, "spring.csv", { timeZone: "Europe/Berlin" })).toThrowError(
      /spring\.csv:3 column "timestamp": local time 2026-03-29T02:30:00 does not exist in Europe\/Berlin/,
    );
    // Read as UTC clock times, the same file is regular.
    expect(parseProfileCsv(csv, "spring.csv", {}).baseLoadKw.length).toBe(3);
  });

  it("aggregates 5-minute rows to 15-minute steps and names a row off the file's grid", () => {
    const rows = Array.from({ length: 6 }, (_, i) => `2026-07-01T00:${String(i * 5).padStart(2, "0")}:00,${i + 1},0,20,0.1`);
    const csv = ["timestamp,base_load_kw,solar_kw,temperature_c,day_ahead_price", ...rows].join("\n");
    expect(Array.from(parseProfileCsv(csv, "fine.csv", { stepMinutes: 15 }).baseLoadKw)).toEqual([2, 5]);
    const offGrid = csv.replace("2026-07-01T00:10:00", "2026-07-01T00:12:00");
    const error = (() => {
      try {
        parseProfileCsv(offGrid, "fine.csv", { stepMinutes: 15 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as Error).message).toContain("fine.csv:4: baseLoadKw: timestamp 2026-07-01T00:12:00.000Z is not on the series' 5-minute grid");
  });

  it("rejects giving both the feeder load and consumer loads", () => {
    const csv = "timestamp,base_load_kw,load_kw:a,temperature_c,day_ahead_price\n2026-07-01T00:00,1,1,20,0.1\n2026-07-01T00:15,1,1,20,0.1";
    expect(() => parseProfileCsv(csv, "both.csv")).toThrowError(/both\.csv:1: both base_load_kw and load_kw:<id> columns/);
  });
});
