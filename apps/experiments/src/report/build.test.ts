import { describe, expect, it } from "vitest";
import type { RunSpec } from "../runs/expand.js";
import type { RunResult } from "../runs/store.js";
import { deriveMetrics } from "./build.js";

function result(policy: string, seed: number, systemCostUsd: number, kind: RunSpec["kind"] = "baseline"): RunResult {
  return {
    spec: {
      id: `${policy}-${seed}`,
      study: "t",
      kind,
      policy,
      scenario: "seed",
      setting: { name: "default", description: "", env: {} },
      seed,
      trainSteps: 1,
      defaultTrainSteps: 1,
      quick: false,
    },
    backend: "none",
    metrics: { systemCostUsd },
    wallSeconds: 1,
    finishedAt: "",
  };
}

describe("deriveMetrics", () => {
  it("computes the gap closed and the improvement over greedy from the cell's baselines", () => {
    const results = deriveMetrics([
      result("idle", 0, 11),
      result("greedy", 0, 10.5),
      result("rule", 0, 10),
      result("optimal", 0, 8),
      result("ippo", 0, 9, "algorithm"),
      result("ippo", 1, 9.5, "algorithm"),
    ]);
    const ippo = results.filter((r) => r.spec.policy === "ippo");
    // gap: (rule - policy) / (rule - optimal) = (10 - 9) / 2
    expect(ippo[0].metrics.gapClosed).toBeCloseTo(0.5, 12);
    expect(ippo[1].metrics.gapClosed).toBeCloseTo(0.25, 12);
    // improvement over greedy: saving 2 (11 - 9) against greedy's 0.5: 100 x (2 / 0.5 - 1) = 300%
    expect(ippo[0].metrics.improvementOverGreedyPct).toBeCloseTo(300, 10);
    // plain cost reduction vs greedy: (10.5 - 9) / 10.5
    expect(ippo[0].metrics.costReductionVsGreedyPct).toBeCloseTo((100 * 1.5) / 10.5, 10);
    expect(results.find((r) => r.spec.policy === "rule")?.metrics.gapClosed).toBeCloseTo(0, 12);
    expect(results.find((r) => r.spec.policy === "optimal")?.metrics.gapClosed).toBeCloseTo(1, 12);
  });

  it("leaves the improvement over greedy undefined when greedy saves nothing", () => {
    const results = deriveMetrics([result("idle", 0, 10), result("greedy", 0, 10.2), result("ippo", 0, 9, "algorithm")]);
    expect(results[2].metrics.improvementOverGreedyPct).toBeUndefined();
    expect(results[2].metrics.gapClosed).toBeUndefined();
  });
});
