import { evaluatePolicy, RulePolicy } from "@grid/baselines";
import { getScenario } from "@grid/env";
import { describe, expect, it } from "vitest";
import { AgentFailurePolicy } from "./perturbations/agent-failure.js";
import { runStress } from "./run-stress.js";
import { stressTableMarkdown } from "./stress-table.js";
import { parseStressSuite } from "./suite.js";

const scenario = getScenario("seed");
const profiles = scenario.loadProfiles();
const config = { ...scenario.config, flexBudgetEnforced: true };
const testDays = { first: 0, last: 2 };
const rule = async () => new RulePolicy();

describe("runStress", () => {
  it("reports every case against the nominal run, with intervals over the random cases' seeds", async () => {
    const report = await runStress(
      { name: "rule", policies: [rule], fallback: rule },
      {
        profiles,
        config,
        testDays,
        suite: {
          seeds: 2,
          perturbations: [
            { family: "sensor", kind: "noisy", severities: [0.2] },
            { family: "communication", kind: "drop", severities: [0.3] },
            { family: "weather", kind: "heat-wave", severities: [0.4] },
            { family: "weather", kind: "worst-days", severities: [0.34] },
            { family: "drift", kind: "feeder-derating", severities: [0.2] },
            { family: "agent-failure", severities: [["producer"]] },
          ],
        },
      },
    );
    const [nominal, noisy, drop, heat, worst, derated, failed] = report.rows;
    expect(report.fallback).toBe("rule");
    expect(nominal.family).toBe("nominal");
    expect(nominal.metrics!.systemCostUsd.degradation).toBe(0);
    expect(nominal.runs).toBe(1);
    expect(noisy.runs).toBe(2);
    expect(noisy.metrics!.systemCostUsd.interval).not.toBeNull();
    expect(drop.notApplicable).toMatch(/communication: none/);
    expect(drop.metrics).toBeNull();
    // More load on the same days costs more; a derated feeder is overloaded at least as often.
    expect(heat.metrics!.systemCostUsd.degradation).toBeGreaterThan(0);
    expect(derated.metrics!.violatingSteps.degradation).toBeGreaterThanOrEqual(0);
    expect(worst.episodes).toBe(1);
    // The failed producer's row is the rule with an idle battery, evaluated directly.
    const idleBattery = evaluatePolicy(new AgentFailurePolicy(new RulePolicy(), ["producer"]), { profiles, config, days: testDays });
    expect(failed.metrics!.systemCostUsd.mean).toBeCloseTo(idleBattery.aggregate.systemCostUsd, 9);
    expect(failed.metrics!.systemCostUsd.degradation).toBeCloseTo(idleBattery.aggregate.systemCostUsd - nominal.metrics!.systemCostUsd.mean, 9);
    const table = stressTableMarkdown(report).split("\n");
    expect(table).toHaveLength(2 + report.rows.length);
    expect(table[4]).toMatch(/^\| communication \/ drop \| 0\.3 probability \| 0 \| not applicable: /);
  });

  it("names an unknown agent of a perturbation", async () => {
    const suite = { perturbations: [{ family: "agent-failure" as const, severities: [["consumer_9"]] }] };
    await expect(runStress({ name: "rule", policies: [rule], fallback: rule }, { profiles, config, testDays, suite })).rejects.toThrow(
      /unknown agent "consumer_9"; this environment's agents are consumer_0, consumer_1, consumer_2, producer, operator/,
    );
  });
});

describe("parseStressSuite", () => {
  it("fills in the default suite: every family", () => {
    const suite = parseStressSuite({});
    const families = new Set(suite.perturbations.map((perturbation) => perturbation.family));
    expect([...families]).toEqual(["sensor", "forecast", "communication", "weather", "drift", "agent-failure"]);
    // The defaults are parsed like a written suite: a sensor fault's agents and onset are filled in.
    expect(suite.perturbations[0]).toMatchObject({ family: "sensor", agents: "all", onsetHour: 12 });
  });

  it("names the field of a bad perturbation", () => {
    expect(() => parseStressSuite({ perturbations: [{ family: "drift", kind: "battery-fade", severities: [1.5] }] })).toThrow(
      /suite\.perturbations\[0\]\.severities\[0\]/,
    );
    expect(() => parseStressSuite({ perturbations: [{ family: "sunspots", severities: [1] }] })).toThrow(/suite\.perturbations\[0\]\.family/);
  });
});
