import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataFileError } from "./csv.js";
import { localDayStarts } from "./table-tools.js";
import { alignSeries, type TimeSeriesInput } from "./time-align.js";
import { instantsOfLocalClock, localClocksToInstants, localHoursOfDay, timeZoneOffsetMs } from "./time-zones.js";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const midnight = Date.UTC(2026, 6, 1);

function regular(name: string, startMs: number, intervalMinutes: number, values: number[], kind: TimeSeriesInput["kind"]): TimeSeriesInput {
  return {
    name,
    kind,
    intervalMinutes,
    values,
    timestampsMs: values.map((_, i) => startMs + i * intervalMinutes * MINUTE_MS),
  };
}

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((total, value) => total + value, 0);

describe("alignSeries: resampling", () => {
  it("upsamples hourly energy to 15-minute mean power, spreading each hour's energy evenly", () => {
    const result = alignSeries([regular("load", midnight, 60, [4, 8, 2], "energy")], { stepMinutes: 15 });
    expect(Array.from(result.series.load.values)).toEqual([4, 4, 4, 4, 8, 8, 8, 8, 2, 2, 2, 2]);
    expect(sum(result.series.load.values) * result.stepHours).toBeCloseTo(14, 12);
    expect(result.timestampsMs[1] - result.timestampsMs[0]).toBe(15 * MINUTE_MS);
    expect(result.notes.join("\n")).toContain("upsampled, energy spread evenly");
  });

  it("repeats power and holds levels when upsampling", () => {
    const result = alignSeries(
      [regular("pv", midnight, 30, [1.5, 3], "power"), regular("price", midnight, 30, [0.1, 0.2], "level")],
      { stepMinutes: 15 },
    );
    expect(Array.from(result.series.pv.values)).toEqual([1.5, 1.5, 3, 3]);
    expect(Array.from(result.series.price.values)).toEqual([0.1, 0.1, 0.2, 0.2]);
  });

  it("aggregates 5-minute data to 15 minutes: energy summed, power and levels averaged", () => {
    const energyKwh = [0.1, 0.2, 0.3, 0.3, 0.3, 0.3];
    const result = alignSeries(
      [regular("energy", midnight, 5, energyKwh, "energy"), regular("power", midnight, 5, [1, 2, 3, 4, 5, 6], "power")],
      { stepMinutes: 15 },
    );
    // 0.6 kWh in the first 15 minutes is 2.4 kW mean power; 0.9 kWh is 3.6 kW.
    expect(result.series.energy.values[0]).toBeCloseTo(2.4, 12);
    expect(result.series.energy.values[1]).toBeCloseTo(3.6, 12);
    expect(Array.from(result.series.power.values)).toEqual([2, 5]);
  });

  it("conserves energy for any hourly series upsampled to 15 minutes and aggregated back", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 60 }), (energies) => {
        const quarter = alignSeries([regular("e", midnight, 60, energies, "energy")], { stepMinutes: 15 });
        expect(sum(quarter.series.e.values) * 0.25).toBeCloseTo(sum(energies), 8);
        const back = alignSeries(
          [{ ...regular("e", midnight, 15, Array.from(quarter.series.e.values), "power") }],
          { stepMinutes: 60 },
        );
        back.series.e.values.forEach((value, i) => {
          expect(value).toBeCloseTo(energies[i], 8);
        });
      }),
      { numRuns: 50 },
    );
  });

  it("aligns series with different starts and resolutions on the overlap, by timestamp", () => {
    const hourly = regular("hourly", midnight, 60, [1, 2, 3], "power");
    const fiveMinute = regular("fine", midnight + 10 * MINUTE_MS, 5, Array.from({ length: 30 }, (_, i) => i), "power");
    const result = alignSeries([hourly, fiveMinute], { stepMinutes: 15 });
    // The grid starts at the latest start (00:10) rounded up to 00:15 and ends at the earliest end (02:40 -> 02:30).
    expect(result.timestampsMs[0]).toBe(midnight + 15 * MINUTE_MS);
    expect(result.timestampsMs.length).toBe(9);
    expect(Array.from(result.series.hourly.values)).toEqual([1, 1, 1, 2, 2, 2, 2, 3, 3]);
    // 00:15-00:30 holds the 5-minute values at 00:15, 00:20, 00:25 = indices 1, 2, 3.
    expect(result.series.fine.values[0]).toBe(2);
    expect(result.hourOfDay[0]).toBe(0.25);
  });

  it("rejects timestamps off the series' grid, duplicates and decreasing ones, naming each", () => {
    const bad: TimeSeriesInput = {
      name: "meter",
      file: "meter.csv",
      lines: [2, 3, 4, 5],
      kind: "power",
      intervalMinutes: 15,
      values: [1, 1, 1, 1],
      timestampsMs: [midnight, midnight + 15 * MINUTE_MS, midnight + 15 * MINUTE_MS, midnight + 37 * MINUTE_MS],
    };
    try {
      alignSeries([bad], { stepMinutes: 15 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DataFileError);
      const message = (error as Error).message;
      expect(message).toContain("meter.csv:4");
      expect(message).toContain("duplicate");
      expect(message).toContain("meter.csv:5");
      expect(message).toContain("not on the series' 15-minute grid");
    }
  });
});

describe("alignSeries: gaps", () => {
  const values = [1, 2, Number.NaN, Number.NaN, 5, 6];
  const withGap: TimeSeriesInput = { ...regular("load", midnight, 60, values, "power"), file: "load.csv", lines: [2, 3, 4, 5, 6, 7] };

  it("fills a gap up to maxGapMinutes by interpolation and marks and reports the filled steps", () => {
    const result = alignSeries([withGap], { stepMinutes: 60, maxGapMinutes: 120 });
    expect(Array.from(result.series.load.values)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(result.filled)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(Array.from(result.series.load.filled)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(result.gaps).toEqual([{ series: "load", startMs: midnight + 2 * HOUR_MS, endMs: midnight + 4 * HOUR_MS, minutes: 120, method: "linear" }]);
    expect(result.notes.join("\n")).toContain("load: gap of 120 minutes filled (linear) from 2026-07-01T02:00+00:00 to 2026-07-01T04:00+00:00");
  });

  it("rejects a longer gap, naming the series, the file and line before it and the interval", () => {
    expect(() => alignSeries([withGap], { stepMinutes: 60, maxGapMinutes: 60 })).toThrowError(
      /load\.csv:3: load: no data for 120 minutes from 2026-07-01T02:00\+00:00 to 2026-07-01T04:00\+00:00; gaps of at most 60 minutes/,
    );
  });

  it("names the line before a gap even when rows are missing earlier in the file", () => {
    const hours = [0, 1, 3, 4, 8, 9];
    const sparse: TimeSeriesInput = {
      name: "meter",
      file: "meter.csv",
      lines: [2, 3, 4, 5, 6, 7],
      kind: "power",
      intervalMinutes: 60,
      values: hours.map(() => 1),
      timestampsMs: hours.map((hour) => midnight + hour * HOUR_MS),
    };
    expect(() => alignSeries([sparse], { stepMinutes: 60, maxGapMinutes: 60 })).toThrowError(
      /^1 problem in the data:\nmeter\.csv:5: meter: no data for 180 minutes from 2026-07-01T05:00\+00:00 to 2026-07-01T08:00\+00:00/,
    );
    const filled = alignSeries([sparse, { ...sparse, name: "other" }], { stepMinutes: 60, maxGapMinutes: 180 });
    expect(filled.notes).toEqual([
      "meter, other: gap of 60 minutes filled (linear) from 2026-07-01T02:00+00:00 to 2026-07-01T03:00+00:00",
      "meter, other: gap of 180 minutes filled (linear) from 2026-07-01T05:00+00:00 to 2026-07-01T08:00+00:00",
    ]);
  });

  it("treats missing rows like missing values", () => {
    const rowsMissing: TimeSeriesInput = {
      name: "load",
      kind: "energy",
      intervalMinutes: 60,
      values: [1, 2, 5, 6],
      timestampsMs: [0, 1, 4, 5].map((hour) => midnight + hour * HOUR_MS),
    };
    const result = alignSeries([rowsMissing], { stepMinutes: 30, maxGapMinutes: 120 });
    expect(result.timestampsMs.length).toBe(12);
    expect(Array.from(result.series.load.values)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(result.filled.reduce((total, flag) => total + flag, 0)).toBe(4);
  });

  it("holds the nearest value when the grid starts before the data, within the allowed gap", () => {
    const late = regular("late", midnight + HOUR_MS, 60, [3, 4], "power");
    const result = alignSeries([late], { stepMinutes: 60, startMs: midnight, maxGapMinutes: 60 });
    expect(Array.from(result.series.late.values)).toEqual([3, 3, 4]);
    expect(result.gaps[0].method).toBe("hold");
    expect(() => alignSeries([late], { stepMinutes: 60, startMs: midnight - HOUR_MS, maxGapMinutes: 60 })).toThrowError(/no data for 120 minutes/);
  });
});

describe("time zones and daylight saving", () => {
  // Europe/Berlin: clocks go forward at 2026-03-29 01:00 UTC (02:00 -> 03:00) and back at 2026-10-25 01:00 UTC.
  const berlinMidnight = (year: number, month: number, day: number) => instantsOfLocalClock(Date.UTC(year, month - 1, day), "Europe/Berlin")[0];

  it("gives a 23-hour day when clocks go forward: 92 steps of 15 minutes, the clock skipping 02:00-03:00", () => {
    const start = berlinMidnight(2026, 3, 29);
    const end = berlinMidnight(2026, 3, 30);
    expect((end - start) / HOUR_MS).toBe(23);
    const values = Array.from({ length: 23 }, () => 1);
    const result = alignSeries([regular("load", start, 60, values, "energy")], { stepMinutes: 15, timeZone: "Europe/Berlin" });
    expect(result.timestampsMs.length).toBe(92);
    expect(Array.from(result.hourOfDay.slice(6, 10))).toEqual([1.5, 1.75, 3, 3.25]);
    expect(sum(result.series.load.values) * result.stepHours).toBeCloseTo(23, 12);
  });

  it("gives a 25-hour day when clocks go back: 100 steps, the clock repeating 02:00-03:00", () => {
    const start = berlinMidnight(2026, 10, 25);
    const end = berlinMidnight(2026, 10, 26);
    expect((end - start) / HOUR_MS).toBe(25);
    const result = alignSeries([regular("load", start, 60, Array.from({ length: 26 }, () => 2), "power")], {
      stepMinutes: 15,
      timeZone: "Europe/Berlin",
      endMs: end,
    });
    expect(result.timestampsMs.length).toBe(100);
    const hours = Array.from(result.hourOfDay);
    expect(hours.filter((hour) => hour === 2).length).toBe(2);
    expect(hours.filter((hour) => hour === 5).length).toBe(1);
    // Local day starts come from the clock: a table from the 24th to the 27th has its days at 0, 96 and 196 (292 steps).
    const from = berlinMidnight(2026, 10, 24);
    const stamps = Float64Array.from({ length: (berlinMidnight(2026, 10, 27) - from) / (15 * MINUTE_MS) }, (_, i) => from + i * 15 * MINUTE_MS);
    expect(Array.from(localDayStarts({ hourOfDay: localHoursOfDay(stamps, "Europe/Berlin"), stepHours: 0.25 }))).toEqual([0, 96, 196]);
    expect(stamps.length).toBe(292);
  });

  it("reads local clock times written without an offset, in order through the repeated hour, and rejects the skipped hour", () => {
    // 01:00, 02:00, 02:00 (again, after clocks went back), 03:00 local on 2026-10-25.
    const clocks = [1, 2, 2, 3].map((hour) => Date.UTC(2026, 9, 25, hour));
    const { instantsMs, problems } = localClocksToInstants(clocks, "Europe/Berlin");
    expect(problems).toEqual([]);
    expect(Array.from(instantsMs).map((instant) => new Date(instant).toISOString().slice(11, 16))).toEqual(["23:00", "00:00", "01:00", "02:00"]);
    const spring = localClocksToInstants([Date.UTC(2026, 2, 29, 1, 30), Date.UTC(2026, 2, 29, 2, 30)], "Europe/Berlin");
    expect(spring.problems).toHaveLength(1);
    expect(spring.problems[0].index).toBe(1);
    expect(spring.problems[0].message).toContain("2026-03-29T02:30:00 does not exist in Europe/Berlin");
  });

  it("uses the zone's offset: America/Los_Angeles is UTC-8 in winter and UTC-7 in summer", () => {
    expect(timeZoneOffsetMs(Date.UTC(2026, 0, 15), "America/Los_Angeles")).toBe(-8 * HOUR_MS);
    expect(timeZoneOffsetMs(Date.UTC(2026, 6, 15), "America/Los_Angeles")).toBe(-7 * HOUR_MS);
    expect(() => localHoursOfDay([0], "Mars/Olympus")).toThrowError(/time zone "Mars\/Olympus" is unknown/);
  });
});
