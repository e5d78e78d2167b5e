import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../command.js";
import { scenarioFromCommandLine as resolveScenario } from "./data.js";
import { parseDayRange, readConfigOverrides, resolvePolicy } from "./evaluate.js";

const folder = mkdtempSync(join(tmpdir(), "grid-evaluate-"));
function configFile(text: string): string {
  const path = join(folder, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, text);
  return path;
}

describe("grid evaluate's command line", () => {
  it("parses day ranges and rejects what is not one", () => {
    expect(parseDayRange("0-19")).toEqual({ first: 0, last: 19 });
    expect(parseDayRange("7")).toEqual({ first: 7, last: 7 });
    expect(() => parseDayRange("5-2")).toThrow(/ends before it starts/);
    expect(() => parseDayRange("monday")).toThrow(UsageError);
  });

  it("merges --config over the scenario's configuration and names a bad field's path", () => {
    expect(readConfigOverrides(configFile('{"feederCapacityKw": 8}'), { exportLimitKw: 1 })).toEqual({ exportLimitKw: 1, feederCapacityKw: 8 });
    expect(() => readConfigOverrides(configFile('{"flexKw": [1, "x"]}'), {})).toThrow(/config\.flexKw/);
    expect(() => readConfigOverrides(configFile('{"feederCapacity": 8}'), {})).toThrow(/feederCapacity/);
    expect(() => readConfigOverrides(configFile("{oops"), {})).toThrow(/not valid JSON/);
    expect(() => readConfigOverrides(join(folder, "missing.json"), {})).toThrow(/cannot read/);
  });

  it("takes a preset or a dataset, not both, and names an unknown preset", () => {
    expect(resolveScenario({}).name).toBe("seed");
    expect(resolveScenario({ scenario: "seed-reference" }).name).toBe("seed-reference");
    expect(() => resolveScenario({ scenario: "seed", dataset: "x.csv" })).toThrow(/give one of them/);
    expect(() => resolveScenario({ scenario: "nowhere" })).toThrow(/--scenario: unknown scenario "nowhere"/);
  });

  it("resolves baselines by name and evaluates the relaxation on a continuous copy of a discrete configuration", async () => {
    const rule = await resolvePolicy({ policy: "rule" }, {});
    expect(rule.policy.name).toBe("rule");
    expect(rule.notes).toEqual([]);
    const optimal = await resolvePolicy({ policy: "optimal" }, { feederCapacityKw: 8 });
    expect(optimal.config).toEqual({ feederCapacityKw: 8, actionMode: "continuous" });
    expect(optimal.notes[0]).toMatch(/continuous relaxation/);
    await expect(resolvePolicy({ policy: "ppo" }, {})).rejects.toThrow(/unknown policy "ppo"/);
    await expect(resolvePolicy({}, {})).rejects.toThrow(/--policy is required/);
  });
});
