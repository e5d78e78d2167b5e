import { describe, expect, it } from "vitest";
import { poolPolicySeeds } from "./pool-seeds.js";
import type { RunFigures } from "./run-stress.js";
import { type StressMeasurement, summarizeStress } from "./stress-measurement.js";
import { NOMINAL_HEAD } from "./stress-summary.js";
import { stressTableMarkdown } from "./stress-table.js";

const figures = (systemCostUsd: number, violatingSteps = 0): RunFigures => ({ systemCostUsd, violatingSteps, comfortOverflowKwh: 0, fallbackAgentSteps: 0, episodes: 2 });
const noisy = { family: "sensor", kind: "noisy", severity: 0.2, severityUnit: "relative" };
const drop = { family: "communication", kind: "drop", severity: 0.3, severityUnit: "probability" };

/** One training seed's measurement: nominal cost, the noisy case's costs over two evaluation seeds, drop not applicable. */
function measurement(nominalCostUsd: number, noisyCostsUsd: [number, number]): StressMeasurement {
  return {
    policy: "ippo",
    fallback: "rule",
    policySeeds: 1,
    evaluationSeeds: 2,
    cases: [
      { ...NOMINAL_HEAD, runs: [[figures(nominalCostUsd)]] },
      { ...noisy, runs: [noisyCostsUsd.map((cost) => figures(cost, 1))] },
      { ...drop, notApplicable: "communication: none", runs: [] },
    ],
    elapsedSeconds: 1,
  };
}

describe("poolPolicySeeds", () => {
  it("pools training seeds into one run each (the mean over its evaluation seeds), paired with its own nominal", () => {
    const pooled = poolPolicySeeds([measurement(10, [11, 13]), measurement(12, [13, 15]), measurement(14, [17, 17])]);
    expect(pooled.policySeeds).toBe(3);
    const [nominal, noisyRow, dropRow] = summarizeStress(pooled).rows;
    expect(nominal.runs).toBe(3);
    expect(nominal.metrics!.systemCostUsd.mean).toBeCloseTo(12, 12);
    // Per seed: 12 - 10, 14 - 12, 17 - 14: mean 7/3, an interval over the 3 training seeds.
    expect(noisyRow.runs).toBe(3);
    expect(noisyRow.metrics!.systemCostUsd.degradation).toBeCloseTo(7 / 3, 12);
    expect(noisyRow.metrics!.systemCostUsd.degradationInterval).not.toBeNull();
    expect(noisyRow.metrics!.violatingSteps.degradation).toBe(1);
    expect(dropRow.notApplicable).toBe("communication: none");
    const table = stressTableMarkdown(summarizeStress(pooled)).split("\n");
    expect(table[3]).toMatch(/^\| sensor \/ noisy \| 0\.2 relative \| 3 \| 14\.33 \[.*\] \| \+2\.33 \[\+[\d.]+, \+[\d.]+\] \(\+19\.4%\) \|/);
  });

  it("refuses measurements of different suites, naming the row", () => {
    const other = measurement(10, [11, 12]);
    other.cases[1] = { ...other.cases[1], severity: 0.1 };
    expect(() => poolPolicySeeds([measurement(10, [11, 12]), other])).toThrow(/row 1 is sensor\/noisy 0\.2 in one measurement and sensor\/noisy 0\.1 in another/);
  });
});
