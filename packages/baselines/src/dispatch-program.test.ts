import { parseGridConfig, VecGridEnv } from "@grid/env";
import { beforeAll, describe, expect, it } from "vitest";
import { tinyProfiles } from "./__fixtures__/tiny-profiles.js";
import { checkPlannable, type DispatchProblem, dispatchProblemFromEnv, PlanningError, solveDispatch } from "./dispatch-program.js";
import { evaluatePolicy } from "./evaluate.js";
import { OptimalPolicy } from "./optimal.js";
import { type LinearSolver, loadLinearSolver } from "./solver.js";

let solver: LinearSolver;
beforeAll(async () => {
  solver = await loadLinearSolver();
});

/** Two hourly steps, one consumer without flexibility, loads 1 and 3 kW, prices 0.10 and 0.30, 1 of 2 kWh stored. */
function twoStepProblem(roundTripEfficiency: number, batteryReserveFraction = 0, batteryHeadroomFraction = 0): DispatchProblem {
  return {
    config: parseGridConfig({ dtHours: 1, batteryCapacityKwh: 2, batteryMaxKw: 2, batteryRoundTripEfficiency: roundTripEfficiency, batteryReserveFraction, batteryHeadroomFraction }),
    horizonSteps: 2,
    numConsumers: 1,
    consumerLoadKw: Float64Array.from([1, 3]),
    solarKw: Float64Array.from([0, 0]),
    importPriceUsdPerKwh: Float64Array.from([0.1, 0.3]),
    consumerFlexKw: Float64Array.from([0]),
    flexRemainingKwh: Float64Array.from([0]),
    backlogKwh: Float64Array.from([0]),
    initialEnergyKwh: 1,
    terminalEnergyValueUsdPerKwh: 0,
    congestionPenaltyUsdPerKwh: 1000,
    spillPenaltyUsdPerKwh: 0,
  };
}

describe("the dispatch program", () => {
  it("solves a two-step arbitrage computed on paper (lossless)", () => {
    // Charge 1 kW at 0.10 to fill the battery, discharge 2 kW at 0.30: 0.1 x 2 + 0.3 x 1 = 0.5.
    const plan = solveDispatch(solver, twoStepProblem(1));
    expect(plan.status).toBe("optimal");
    expect(plan.energyCostUsd).toBeCloseTo(0.5, 6);
    expect(Array.from(plan.batteryDispatchKw)).toEqual([expect.closeTo(-1, 6), expect.closeTo(2, 6)]);
  });

  it("solves the same with 81% round-trip efficiency (90% each way) computed on paper", () => {
    // Charging is limited by capacity: 1 + 0.9 c <= 2, c = 1.111; discharge 0.9 x 2 = 1.8 kW.
    // Cost 0.1 x (1 + 1.111) + 0.3 x (3 - 1.8) = 0.5711.
    const plan = solveDispatch(solver, twoStepProblem(0.81));
    expect(plan.batteryDispatchKw[0]).toBeCloseTo(-1 / 0.9, 6);
    expect(plan.batteryDispatchKw[1]).toBeCloseTo(1.8, 6);
    expect(plan.energyCostUsd).toBeCloseTo(0.1 * (1 + 1 / 0.9) + 0.3 * 1.2, 6);
  });

  it("keeps the backup reserve: a reserve of half the capacity leaves 1 kWh to discharge, computed on paper", () => {
    // Charge 1 kW at 0.10 to fill the battery (2 kWh), discharge only down to the 1 kWh reserve at 0.30:
    // 0.1 x 2 + 0.3 x (3 - 1) = 0.8.
    const plan = solveDispatch(solver, twoStepProblem(1, 0.5));
    expect(plan.status).toBe("optimal");
    expect(plan.energyCostUsd).toBeCloseTo(0.8, 6);
    expect(Array.from(plan.batteryDispatchKw)).toEqual([expect.closeTo(-1, 6), expect.closeTo(1, 6)]);
  });

  it("keeps the headroom: with half the capacity above the start free only for the guard, the battery only discharges, computed on paper", () => {
    // The battery starts at 1 kWh, its ceiling: no charge; discharge 1 kW at 0.30: 0.1 x 1 + 0.3 x (3 - 1) = 0.7.
    const plan = solveDispatch(solver, twoStepProblem(1, 0, 0.5));
    expect(plan.energyCostUsd).toBeCloseTo(0.7, 6);
    expect(Array.from(plan.batteryDispatchKw)).toEqual([expect.closeTo(0, 6), expect.closeTo(1, 6)]);
  });

  const hourlyLoad = [3, 3, 3, 3, 3, 4, 5, 6, 5, 4, 4, 4, 4, 4, 4, 4, 5, 6, 8, 9, 8, 6, 4, 3];
  const hourlySolar = [0, 0, 0, 0, 0, 0, 0.5, 1.5, 3, 4.5, 5.5, 7, 7, 5.5, 4.5, 3, 1.5, 0.5, 0, 0, 0, 0, 0, 0];
  const hourlyPrice = [0.08, 0.08, 0.07, 0.07, 0.08, 0.1, 0.14, 0.16, 0.12, 0.1, 0.09, 0.08, 0.08, 0.09, 0.1, 0.12, 0.16, 0.22, 0.3, 0.32, 0.28, 0.2, 0.14, 0.1];
  const profiles = tinyProfiles([...hourlyLoad, ...hourlyLoad], [...hourlySolar, ...hourlySolar], [...hourlyPrice, ...hourlyPrice]);
  const base = { dtHours: 1, episodeSteps: 24, actionMode: "continuous" } as const;

  for (const [label, options] of [
    ["the article's physics", {}],
    ["efficiency, self-discharge and degradation", { batteryRoundTripEfficiency: 0.85, batterySelfDischargePerHour: 0.01, batteryDegradationUsdPerKwh: 0.02 }],
    ["shifting", { flexibilityMode: "shift" }],
    ["a tight feeder and a price floor", { feederCapacityKw: 7, retailPriceFloorUsdPerKwh: 0.09 }],
    ["a backup reserve and self-discharge", { batteryReserveFraction: 0.4, batterySelfDischargePerHour: 0.01 }],
    ["a reserve and headroom", { batteryReserveFraction: 0.2, batteryHeadroomFraction: 0.3 }],
  ] as const) {
    it(`costs in the environment what it planned, with ${label}`, () => {
      const config = { ...base, ...options };
      const policy = new OptimalPolicy(solver);
      const result = evaluatePolicy(policy, { profiles, config, startSteps: [0, 24] });
      result.episodes.forEach((episode, envIndex) => {
        const plan = policy.plans[envIndex]!;
        expect(episode.energyCostUsd).toBeCloseTo(plan.energyCostUsd, 5);
        const throughputKwh = plan.batteryDispatchKw.reduce((sum, kw) => sum + Math.abs(kw), 0);
        expect(episode.degradationCostUsd).toBeCloseTo(throughputKwh * parseGridConfig(config).batteryDegradationUsdPerKwh, 5);
        expect(episode.congestionSteps).toBe(0);
        expect(Math.max(...episode.flexUsedKwh)).toBeLessThanOrEqual(parseGridConfig(config).flexBudgetKwh);
        expect(episode.unservedKwh).toBeLessThan(1e-4);
      });
    });
  }

  it("keeps shifting energy-neutral: each consumer's flexibility sums to zero over the day", () => {
    const env = new VecGridEnv({ profiles, config: { ...base, flexibilityMode: "shift" }, autoReset: false });
    env.reset({ startSteps: 0 });
    const plan = solveDispatch(solver, dispatchProblemFromEnv(env, 0, 24, "perfect", { congestionPenaltyUsdPerKwh: 1000, spillPenaltyUsdPerKwh: 1e-4 }));
    for (let c = 0; c < env.numConsumers; c++) {
      let sum = 0;
      let used = 0;
      for (let t = 0; t < 24; t++) {
        sum += plan.flexDeltaKw[t * env.numConsumers + c];
        used += Math.abs(plan.flexDeltaKw[t * env.numConsumers + c]);
      }
      expect(Math.abs(sum)).toBeLessThan(1e-6);
      expect(used).toBeGreaterThan(0.5);
    }
  });

  it("rejects a self-discharge it cannot model, naming the field", () => {
    const config = parseGridConfig({ dtHours: 1, batterySelfDischargePerHour: 1 });
    expect(() => checkPlannable(config)).toThrow(PlanningError);
    expect(() => checkPlannable(config)).toThrow(/config.batterySelfDischargePerHour/);
  });

  it("reports a congestion it cannot avoid instead of failing (exact penalty)", () => {
    const problem = twoStepProblem(1);
    problem.config = parseGridConfig({ dtHours: 1, batteryCapacityKwh: 2, batteryMaxKw: 2, feederCapacityKw: 0.5 });
    const plan = solveDispatch(solver, problem);
    expect(plan.status).toBe("optimal");
    expect(Math.max(...plan.netImportKw)).toBeGreaterThan(0.5);
  });
});
