import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sharedDataDirectory } from "@grid/profiles";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../command.js";
import { runCommandLine } from "../testing/commands.js";
import { dataCommand, inspectDataset } from "./data.js";
import { scenarioFromCommandLine } from "./scenario-options.js";
import { simulateCommand } from "./simulate.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "..", "..", "..", "..", "packages", "profiles", "src", "__fixtures__");
const berlin = join(fixtures, "own-data-berlin.csv");
const citylearnMini = join(fixtures, "citylearn-mini");

/** Runs a command's `run` and returns its exit code and what it printed. */
async function capture(run: () => Promise<number>): Promise<{ code: number; printed: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.join(" "));
  });
  try {
    const code = await run();
    return { code, printed: lines.join("\n") };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("grid data inspect", () => {
  it("says what was read from a profile CSV: span, resolution, consumers' energies, gaps, assumptions", async () => {
    const { code, printed } = await capture(() =>
      runCommandLine(dataCommand, ["inspect", berlin, "--time-zone", "Europe/Berlin", "--max-gap-minutes", "30"]),
    );
    expect(code).toBe(0);
    expect(printed).toContain("(3 whole local days, time zone Europe/Berlin)");
    expect(printed).toContain("30-minute steps, 146 steps");
    expect(printed).toMatch(/house_b\s+64\.8\s+51\.4/);
    expect(printed).toContain("gaps filled 1 step(s): 2026-10-26T12:00+01:00");
    expect(printed).toContain("timestamps without an offset read as local time in Europe/Berlin");
  });

  it("prints JSON with each building's energies, PV size and battery for a CityLearn folder", async () => {
    const { printed } = await capture(() => runCommandLine(dataCommand, ["inspect", citylearnMini, "--json"]));
    const inspection = JSON.parse(printed);
    expect(inspection.format).toBe("citylearn");
    expect(inspection.numConsumers).toBe(2);
    expect(inspection.steps).toBe(49);
    expect(inspection.consumers[1].id).toBe("Building_2");
    expect(inspection.buildings[0].battery.capacityKwh).toBe(6.4);
    expect(inspection.notes.some((note: string) => note.startsWith("timeline reconstructed"))).toBe(true);
  });

  it("prints ratings as they were meant and every figure rounded, with its unit", async () => {
    const folder = join(mkdtempSync(join(tmpdir(), "grid-inspect-")), "citylearn-mini");
    cpSync(citylearnMini, folder, { recursive: true });
    const schemaPath = join(folder, "schema.json");
    writeFileSync(schemaPath, readFileSync(schemaPath, "utf8").replace('"nominal_power": 2.5', '"nominal_power": 2.4000000000000004'));
    const { printed } = await capture(() => runCommandLine(dataCommand, ["inspect", folder]));
    expect(printed).toMatch(/Building_2 +116 +29\.4 +2\.75 +2\.4\n/);
    expect(printed).toContain("60-minute steps, 49 steps");
    expect(printed).toContain("feeder      load 189 kWh (peak 4.75 kW), solar 78.5 kWh (peak 5.08 kW)");
    expect(printed).toContain("1 x 6.4 kWh / 5 kW, efficiency 0.9");
    expect(printed).not.toMatch(/\d\.\d{5,}/);
    const json = await capture(() => runCommandLine(dataCommand, ["inspect", folder, "--json"]));
    expect(JSON.parse(json.printed).buildings[1].pvNominalPowerKw).toBe(2.4);
  });

  it("reads the CityLearn 2022 data with the buildings' annual energies", () => {
    const inspection = inspectDataset(join(sharedDataDirectory(here), "data", "citylearn_challenge_2022_phase_all"), { buildings: ["Building_1"] });
    expect(inspection.numConsumers).toBe(1);
    expect(inspection.steps).toBe(8760);
    expect(inspection.consumers[0].loadKwh).toBeGreaterThan(1000);
  });

  it("rejects a bad command line and a missing path with what is expected", async () => {
    await expect(runCommandLine(dataCommand, ["look", berlin])).rejects.toThrowError(/'look' is invalid for argument 'action'. Allowed choices are inspect/);
    await expect(runCommandLine(dataCommand, ["inspect"])).rejects.toBeInstanceOf(UsageError);
    await expect(runCommandLine(dataCommand, ["inspect", join(fixtures, "nope.csv")])).rejects.toThrowError(/does not exist; expected a CityLearn dataset folder/);
    await expect(runCommandLine(dataCommand, ["inspect", berlin, "--step-minutes", "soon"])).rejects.toThrowError(
      /--step-minutes: got "soon"; expected a whole number of minutes >= 1/,
    );
    await expect(runCommandLine(dataCommand, ["inspect", berlin, "--max-gap-minutes", "7.5"])).rejects.toThrowError(/--max-gap-minutes: got "7.5"; expected a whole number/);
  });

  it("passes the data's rejection through, naming file, line and interval", async () => {
    await expect(runCommandLine(dataCommand, ["inspect", berlin, "--time-zone", "Europe/Berlin"])).rejects.toThrowError(
      /own-data-berlin\.csv:123: load_kw:flat_a: no data for 30 minutes from 2026-10-26T12:00\+01:00/,
    );
  });
});

describe("grid simulate --dataset", () => {
  it("simulates a day of a dataset with no control", async () => {
    const { code, printed } = await capture(() =>
      runCommandLine(simulateCommand, ["--json", "--dataset", berlin, "--time-zone", "Europe/Berlin", "--max-gap-minutes", "30", "--day", "2"]),
    );
    expect(code).toBe(0);
    const metrics = JSON.parse(printed);
    expect(metrics.scenario).toBe("dataset:own-data-berlin.csv");
    expect(metrics.day).toBe(2);
    expect(metrics.energyCostUsd).toBeGreaterThan(0);
  });

  it("simulates a preset by name, and refuses both a scenario and a dataset", async () => {
    const { printed } = await capture(() => runCommandLine(simulateCommand, ["--json", "--scenario", "ev-evening"]));
    expect(JSON.parse(printed).congestionKwh).toBeGreaterThan(0);
    expect(() => scenarioFromCommandLine({ scenario: "high-pv", dataset: berlin })).toThrowError(/--scenario and --dataset both given/);
  });
});
