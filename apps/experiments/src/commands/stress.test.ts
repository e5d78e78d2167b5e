import { describe, expect, it } from "vitest";
import { startCli } from "../testing/processes.js";
import { policySources } from "./policy-source.js";

describe("grid stress", () => {
  it("stresses each baseline of --policy and prints the reports as JSON", async () => {
    const started = startCli(["stress", "--policy", "rule,idle", "--families", "agent-failure", "--json"]);
    expect(await started.exit).toBe(0);
    const json = JSON.parse(started.output().split("\n").find((line) => line.startsWith("{"))!);
    expect(json.reports.map((report: { policy: string }) => report.policy)).toEqual(["rule", "idle"]);
    const [rule, idle] = json.reports;
    expect(rule.rows.map((row: { family: string; severity: string }) => row.severity)).toEqual([null, "operator", "consumer_0", "producer"]);
    // Idle's producer holds already: failing it changes nothing; the rule's battery is worth something.
    expect(idle.rows[3].metrics.systemCostUsd.degradation).toBe(0);
    expect(rule.rows[3].metrics.systemCostUsd.degradation).toBeGreaterThan(0);
  }, 30_000);

  it("names what is wrong on the command line", async () => {
    const badSuite = startCli(["stress", "--policy", "rule", "--suite", '{"perturbations": [{"family": "drift", "kind": "battery-fade", "severities": [2]}]}']);
    expect(await badSuite.exit).toBe(2);
    expect(badSuite.output()).toMatch(/--suite\.perturbations\[0\]\.severities\[0\]/);
    await expect(policySources({}, {})).rejects.toThrow(/give --policy <baseline> or --checkpoint <dir>/);
  }, 30_000);
});
