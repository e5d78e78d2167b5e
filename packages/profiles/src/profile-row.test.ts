import { describe, expect, it } from "vitest";
import { parseProfileCsv } from "./profile-csv.js";
import { profileCsvLines } from "./profile-csv-lines.js";
import { ProfileRowReader } from "./profile-row.js";
import { generateSyntheticProfiles } from "./synthetic.js";

const HEADER = "timestamp,base_load_kw,solar_kw,temperature_c,day_ahead_price";

describe("ProfileRowReader", () => {
  it("accepts rows on the spacing and counts the steps missing before a later one", () => {
    const reader = new ProfileRowReader(HEADER, "feed");
    expect(reader.read("2026-07-01T00:00:00,5.2,0,22,0.08", 2).row?.baseLoadKw).toBe(5.2);
    expect(reader.read("2026-07-01T00:15:00,5.1,0,22,0.08", 3).row?.missedSteps).toBe(0);
    const later = reader.read("2026-07-01T01:00:00,5.0,0.1,21,0.07", 4).row;
    expect(later?.missedSteps).toBe(2);
    expect(later?.hourOfDay).toBe(1);
  });

  it("rejects a bad row with its line and column, and keeps the previous accepted row as the reference", () => {
    const reader = new ProfileRowReader(HEADER, "feed", 15);
    reader.read("2026-07-01T00:00:00,5.2,0,22,0.08", 2);
    expect(reader.read("2026-07-01T00:15:00,-1,0,22,0.08", 3).issues).toEqual([
      { file: "feed", line: 3, column: "base_load_kw", message: "-1 is negative; expected a power >= 0 kW" },
    ]);
    expect(reader.read("2026-07-01T00:15:00,5,NaN,22,0.08", 4).issues?.[0]).toMatchObject({ line: 4, column: "solar_kw", message: '"NaN" is not a finite number' });
    expect(reader.read("2026-07-01T00:20:00,5,0,22,0.08", 5).issues?.[0].message).toMatch(/irregular spacing: 20 minutes .* spacing is 15 minutes/);
    expect(reader.read("2026-07-01T00:00:00,5,0,22,0.08", 6).issues?.[0].message).toBe("duplicate timestamp 2026-07-01T00:00:00");
    expect(reader.read("2026-07-01T00:15:00,5,0", 7).issues?.[0].message).toBe("3 cells; the header has 5");
    expect(reader.read("2026-07-01T00:15:00,5,0,22,0.08", 8).row?.missedSteps).toBe(0);
  });

  it("reads per-consumer columns and sums them into the feeder's", () => {
    const reader = new ProfileRowReader("timestamp,load_kw:a,solar_kw:a,load_kw:b,temperature_c,day_ahead_price", "feed");
    const row = reader.read("2026-07-01T12:00:00,2,1.5,3,25,0.1", 2).row!;
    expect(reader.consumerIds).toEqual(["a", "b"]);
    expect([row.baseLoadKw, row.solarKw, row.consumerSolarKw[1]]).toEqual([5, 1.5, 0]);
  });

  it("rejects a header without the columns, naming them", () => {
    expect(() => new ProfileRowReader("timestamp,base_load_kw", "feed")).toThrow(/feed:1: missing column; expected one named solar_kw or solarKw/);
  });

  it("reads back what profileCsvLines writes, as parseProfileCsv does", () => {
    const table = generateSyntheticProfiles();
    const lines = profileCsvLines(table, 96, 8);
    const reader = new ProfileRowReader(lines[0], "feed");
    const rows = lines.slice(1).map((line, index) => reader.read(line, index + 2).row!);
    const parsed = parseProfileCsv(lines.join("\n"), "feed");
    expect(rows.map((row) => row.baseLoadKw)).toEqual(Array.from(parsed.baseLoadKw));
    expect(rows.map((row) => row.epochMs)).toEqual(Array.from(table.timestampsMs.subarray(96, 104)));
    expect(rows.map((row) => row.solarKw)).toEqual(Array.from(table.solarKw.subarray(96, 104)));
  });
});
