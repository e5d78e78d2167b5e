import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonOption } from "../cli/json-option.js";
import { UsageError } from "../command.js";
import { runCommandLine } from "../testing/commands.js";
import { parseDayRange, resolvePolicy } from "./evaluate.js";
import { scenarioFromCommandLine as resolveScenario, withEnvConfig } from "./scenario-options.js";

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

  it("merges --env-config over the scenario's configuration and names a bad field's path", () => {
    const seed = resolveScenario({});
    const envConfig = (text: string) => readJsonOption(text, "--env-config");
    expect(withEnvConfig({ ...seed, config: { exportLimitKw: 1 } }, envConfig(configFile('{"feederCapacityKw": 8}'))).config).toEqual({
      flexBudgetEnforced: true,
      exportLimitKw: 1,
      feederCapacityKw: 8,
    });
    expect(withEnvConfig(seed, envConfig('{"flexBudgetEnforced": false}')).config.flexBudgetEnforced).toBe(false);
    expect(withEnvConfig({ ...seed, config: { exportLimitKw: 1 } }, envConfig('{"physics": {"feederCapacityKw": 8, "flexBudgetEnforced": false}}')).config).toEqual({
      flexBudgetEnforced: false,
      exportLimitKw: 1,
      feederCapacityKw: 8,
    });
    expect(() => withEnvConfig(seed, envConfig('{"physics": {"feederCapacityKw": 8}, "feederCapacityKw": 9}'))).toThrow(/--env-config\.physics\.feederCapacityKw: also given/);
    expect(() => withEnvConfig(seed, envConfig(configFile('{"flexKw": [1, "x"]}')))).toThrow(/--env-config\.flexKw/);
    expect(() => withEnvConfig(seed, envConfig(configFile('{"feederCapacity": 8}')))).toThrow(/feederCapacity/);
    expect(() => envConfig(configFile("{oops"))).toThrow(/not valid JSON/);
    expect(() => envConfig(join(folder, "missing.json"))).toThrow(/neither a JSON object nor a readable file/);
  });

  it("refuses the old --config, which is --env-config now, and a fractional seed, saying what is accepted", async () => {
    const { evaluateCommand } = await import("./evaluate.js");
    await expect(runCommandLine(evaluateCommand, ["--policy", "rule", "--config", "x.json"])).rejects.toThrow(/--config was renamed --env-config/);
    await expect(runCommandLine(evaluateCommand, ["--policy", "rule", "--seed", "1.5"])).rejects.toThrow(/--seed: got "1.5"; expected a whole number >= 0/);
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

describe("grid evaluate end to end", () => {
  /** Runs the command in-process with `--json` and returns the printed object. */
  async function evaluateJson(args: string[]): Promise<Record<string, unknown>> {
    const { evaluateCommand } = await import("./evaluate.js");
    const printed: string[] = [];
    const log = console.log;
    console.log = (text: string) => printed.push(text);
    try {
      expect(await runCommandLine(evaluateCommand, [...args, "--json"])).toBe(0);
    } finally {
      console.log = log;
    }
    return JSON.parse(printed.join("\n"));
  }

  it("evaluates a baseline on a synthetic preset", async () => {
    const output = await evaluateJson(["--policy", "rule", "--scenario", "high-pv", "--days", "28-29"]);
    expect(output.policy).toBe("rule");
    expect(output.scenario).toBe("high-pv");
    expect(output.systemCostUsd).toBeGreaterThan(0);
    expect(output.spilledSolarKwh).toBeGreaterThan(0); // the preset's point: the export limit binds at noon
  }, 60_000);

  it("evaluates a baseline on a CityLearn dataset folder", async () => {
    const { sharedDataDirectory } = await import("@grid/profiles");
    const dataset = join(sharedDataDirectory(), "data", "citylearn_challenge_2022_phase_all");
    const output = await evaluateJson(["--policy", "idle", "--dataset", dataset, "--days", "300-300"]);
    expect((output.consumerIds as string[]).length).toBe(17);
    expect(output.systemCostUsd).toBeGreaterThan(0);
  }, 120_000);
});
