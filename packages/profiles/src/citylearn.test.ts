import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { isCityLearnFolder, readCityLearnDataset } from "./citylearn.js";
import { DataFileError } from "./csv.js";
import { sharedDataDirectory } from "./shared-paths.js";
import { energyKwh, localDayStarts } from "./table-tools.js";

const here = dirname(fileURLToPath(import.meta.url));
const mini = join(here, "__fixtures__", "citylearn-mini");
const challenge2022 = process.env.GRID_CITYLEARN_DIR ?? join(sharedDataDirectory(here), "data", "citylearn_challenge_2022_phase_all");

/** A column of a CSV summed directly from the text (independent of the reader). */
function columnSum(path: string, column: string): number {
  const [header, ...rows] = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const index = header.split(",").indexOf(column);
  return rows.reduce((total, row) => total + Number(row.split(",")[index]), 0);
}

describe("readCityLearnDataset on the CityLearn 2022 challenge data", () => {
  const dataset = readCityLearnDataset(challenge2022);
  const schema = JSON.parse(readFileSync(join(challenge2022, "schema.json"), "utf8"));
  const { profiles } = dataset;

  it("makes the 17 included buildings consumers over 8,760 hourly steps", () => {
    expect(profiles.consumers).toHaveLength(17);
    expect(profiles.consumers!.map((consumer) => consumer.id)).toEqual(Object.keys(schema.buildings));
    expect(profiles.baseLoadKw.length).toBe(8760);
    expect(profiles.stepHours).toBe(1);
    expect(profiles.carbonIntensityKgPerKwh?.length).toBe(8760);
  });

  it("gives each building its annual load and PV energy: the CSV's sums, PV scaled by nominal power / 1000", () => {
    for (const id of ["Building_1", "Building_4", "Building_17"]) {
      const file = join(challenge2022, schema.buildings[id].energy_simulation);
      const consumer = profiles.consumers!.find((candidate) => candidate.id === id)!;
      const nominalKw = schema.buildings[id].pv.attributes.nominal_power;
      expect(energyKwh(consumer.loadKw, profiles.stepHours)).toBeCloseTo(columnSum(file, "non_shiftable_load"), 6);
      expect(energyKwh(consumer.solarKw!, profiles.stepHours)).toBeCloseTo((columnSum(file, "solar_generation") * nominalKw) / 1000, 6);
    }
    const feederLoad = profiles.consumers!.reduce((total, consumer) => total + energyKwh(consumer.loadKw, 1), 0);
    expect(energyKwh(profiles.baseLoadKw, 1)).toBeCloseTo(feederLoad, 6);
  });

  it("keeps the energies when upsampled to 15-minute steps", () => {
    const quarter = readCityLearnDataset(challenge2022, { stepMinutes: 15, buildings: ["Building_1"] });
    const file = join(challenge2022, "Building_1.csv");
    expect(quarter.profiles.baseLoadKw.length).toBe(4 * 8760);
    expect(energyKwh(quarter.profiles.consumers![0].loadKw, 0.25)).toBeCloseTo(columnSum(file, "non_shiftable_load"), 6);
    expect(energyKwh(quarter.profiles.solarKw, 0.25)).toBeCloseTo((columnSum(file, "solar_generation") * 4) / 1000, 6);
  });

  it("reconstructs the timeline: the first row is hour 24 of a Sunday in July, then Monday 1 August", () => {
    expect(profiles.hourOfDay[0]).toBe(23);
    expect(profiles.hourOfDay[1]).toBe(0);
    const second = new Date(profiles.timestampsMs[1]);
    expect([second.getUTCMonth() + 1, second.getUTCDate(), second.getUTCDay()]).toEqual([8, 1, 1]);
    expect(dataset.startYear).toBe(2022);
    expect(profiles.notes.join("\n")).toContain("hour h = (h-1):00 to h:00");
    expect(localDayStarts(profiles)[0]).toBe(1);
  });

  it("returns each building's battery and PV size from the schema", () => {
    const building = dataset.buildings.find((candidate) => candidate.id === "Building_4")!;
    expect(building.pvNominalPowerKw).toBe(5);
    expect(building.battery).toEqual({ capacityKwh: 6.4, nominalPowerKw: 5, efficiency: 0.9, capacityLossCoefficient: 1e-5, lossCoefficient: 0 });
  });
});

describe("readCityLearnDataset on other releases (fixture: extra columns, other order, 49 rows)", () => {
  it("reads columns by name, ignores extra ones, honours include flags, and reads any length", () => {
    const { profiles, buildings, startYear } = readCityLearnDataset(mini);
    expect(isCityLearnFolder(mini)).toBe(true);
    expect(buildings.map((building) => building.id)).toEqual(["Building_1", "Building_2"]);
    expect(profiles.baseLoadKw.length).toBe(49);
    expect(profiles.notes.join("\n")).toContain("excluded by the schema's include flags: Building_3");
    // Jan 31 2022 is a Monday (day_type 1 on the first rows).
    expect(startYear).toBe(2022);
    expect(new Date(profiles.timestampsMs[0]).toISOString()).toBe("2022-01-31T00:00:00.000Z");
    expect(profiles.consumers![1].loadKw[3]).toBe(2.75);
    expect(energyKwh(profiles.consumers![1].solarKw!, 1)).toBeCloseTo((columnSum(join(mini, "Building_2.csv"), "solar_generation") * 2.5) / 1000, 9);
    expect(buildings[1].battery).toBeUndefined();
  });

  it("takes the caller's building list over the include flags, and rejects unknown names", () => {
    const { profiles } = readCityLearnDataset(mini, { buildings: ["Building_3"] });
    expect(profiles.consumers!.map((consumer) => consumer.id)).toEqual(["Building_3"]);
    expect(profiles.consumers![0].solarKw).toBeUndefined();
    expect(() => readCityLearnDataset(mini, { buildings: ["Building_9"] })).toThrowError(/Building_9 not in .*known: Building_1, Building_2, Building_3/);
  });
});

describe("readCityLearnDataset rejects bad input, naming file, line and what was expected", () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });
  /** A copy of the fixture with one file's lines changed. */
  function broken(edit: (lines: string[]) => string[], files: string[] = ["Building_1.csv"]): string {
    const folder = mkdtempSync(join(tmpdir(), "citylearn-bad-"));
    folders.push(folder);
    cpSync(mini, folder, { recursive: true });
    for (const file of files) {
      const path = join(folder, file);
      writeFileSync(path, edit(readFileSync(path, "utf8").trimEnd().split("\n")).join("\n"));
    }
    return folder;
  }
  const errorOf = (run: () => unknown): DataFileError => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(DataFileError);
      return error as DataFileError;
    }
    throw new Error("expected a DataFileError");
  };
  const replaceCell = (lineNumber: number, column: number, value: string) => (lines: string[]) =>
    lines.map((line, index) => {
      if (index !== lineNumber - 1) return line;
      const cells = line.split(",");
      cells[column] = value;
      return cells.join(",");
    });

  it("accepts day_type 8 (a holiday) on any day", () => {
    const folder = broken(replaceCell(30, 2, "8"), ["Building_1.csv", "Building_3.csv"]);
    const other = join(folder, "Building_2.csv");
    writeFileSync(other, replaceCell(30, 4, "8")(readFileSync(other, "utf8").trimEnd().split("\n")).join("\n"));
    expect(readCityLearnDataset(folder).startYear).toBe(2022);
  });

  it("a schema that is not JSON", () => {
    const folder = broken(() => ["{ buildings: "], ["schema.json"]);
    expect(errorOf(() => readCityLearnDataset(folder)).message).toMatch(/schema\.json: not valid JSON/);
  });

  it("a text cell in a load column", () => {
    const folder = broken(replaceCell(5, 5, "n/a"));
    const error = errorOf(() => readCityLearnDataset(folder));
    expect(error.message).toContain(`${join(folder, "Building_1.csv")}:5 column "non_shiftable_load": "n/a" is not a finite number`);
  });

  it("an empty load cell: an error by default, filled and reported with maxGapMinutes", () => {
    const folder = broken(replaceCell(6, 5, ""));
    expect(errorOf(() => readCityLearnDataset(folder)).message).toMatch(
      /Building_1\.csv:5: Building_1\.non_shiftable_load: no data for 60 minutes from 2022-01-31T04:00\+00:00 to 2022-01-31T05:00\+00:00/,
    );
    const { profiles } = readCityLearnDataset(folder, { maxGapMinutes: 60 });
    expect(profiles.filled?.[4]).toBe(1);
    expect(profiles.filled?.reduce((total, flag) => total + flag, 0)).toBe(1);
    // Rows 4 and 6 hold 2.0 and 1.0 kWh (loads cycle 1, 1.5, 2): the gap is interpolated to 1.5.
    expect(profiles.consumers![0].loadKw[4]).toBe(1.5);
    expect(profiles.notes.join("\n")).toContain("Building_1.non_shiftable_load: gap of 60 minutes filled (linear)");
  });

  it("a missing column", () => {
    const folder = broken((lines) => lines.map((line) => line.split(",").slice(0, 9).join(",")));
    expect(errorOf(() => readCityLearnDataset(folder)).message).toContain('Building_1.csv:1: missing column "solar_generation"');
  });

  it("a row missing from every file breaks the timeline at the next line", () => {
    const folder = broken((lines) => lines.filter((_, index) => index !== 10), [
      "Building_1.csv",
      "Building_2.csv",
      "Building_3.csv",
      "pricing.csv",
      "weather.csv",
      "carbon_intensity.csv",
    ]);
    expect(errorOf(() => readCityLearnDataset(folder)).message).toContain(
      'Building_1.csv:11 column "hour": hour 11 follows hour 9; expected 10 (consecutive hourly rows): a row is missing or repeated here',
    );
  });

  it("files of different lengths", () => {
    const folder = broken((lines) => lines.slice(0, -1), ["pricing.csv"]);
    expect(errorOf(() => readCityLearnDataset(folder)).message).toContain("pricing.csv: 48 data rows; ");
  });

  it("a day_type no calendar year matches", () => {
    const folder = broken(replaceCell(30, 2, "5"));
    const message = errorOf(() => readCityLearnDataset(folder)).message;
    expect(message).toContain("no year from 1990 to 2022 matches");
    expect(errorOf(() => readCityLearnDataset(folder, { startYear: 2022 })).message).toContain('Building_1.csv:30 column "day_type": day_type 5 but 2022-02-01 of 2022 is weekday 2');
  });

  it("a negative load and an hour out of range, all reported at once", () => {
    const folder = broken((lines) => replaceCell(8, 1, "25")(replaceCell(3, 5, "-1")(lines)));
    const error = errorOf(() => readCityLearnDataset(folder));
    expect(error.message).toContain('Building_1.csv:3 column "non_shiftable_load": -1 is negative');
    const hourFolder = broken(replaceCell(8, 1, "25"));
    expect(errorOf(() => readCityLearnDataset(hourFolder)).message).toContain('Building_1.csv:8 column "hour": 25 is not an hour; expected 1 to 24');
  });

  it("a folder without schema.json", () => {
    const folder = mkdtempSync(join(tmpdir(), "citylearn-empty-"));
    folders.push(folder);
    expect(isCityLearnFolder(folder)).toBe(false);
    expect(errorOf(() => readCityLearnDataset(folder)).message).toContain("no schema.json; expected a CityLearn dataset folder");
  });
});
