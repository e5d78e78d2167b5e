import { VecGridEnv } from "@grid/env";
import { describe, expect, it } from "vitest";
import { tinyProfiles } from "./__fixtures__/tiny-profiles.js";
import type { DispatchPlan } from "./dispatch-program.js";
import { evaluatePolicy } from "./evaluate.js";
import { OptimalPolicy } from "./optimal.js";
import { writePlanActions } from "./plan-replay.js";
import { loadLinearSolver } from "./solver.js";

const profiles = tinyProfiles(Array(48).fill(6), Array(48).fill(0), Array(48).fill(0.1));
const config = { dtHours: 1, episodeSteps: 24, feederCapacityKw: 9.5, exportLimitKw: 2, batteryMaxKw: 4, actionLevels: 5 };
const plan = (dispatchKw: number, netImportKw: number): DispatchPlan => ({
  status: "optimal",
  batteryDispatchKw: Float64Array.of(dispatchKw),
  flexDeltaKw: new Float64Array(3),
  netImportKw: Float64Array.of(netImportKw),
  energyKwh: new Float64Array(1),
  energyCostUsd: 0,
  objectiveUsd: 0,
  numColumns: 0,
  numRows: 0,
  solveMs: 0,
});

describe("writePlanActions", () => {
  it("rounds the battery to the adjacent level that keeps the feeder within its limits, else to the nearest", () => {
    const env = new VecGridEnv({ profiles, config, autoReset: false });
    env.reset({ startSteps: 0 });
    const actions = new Float32Array(env.numAgents);
    const producer = env.producerIndex;
    // Levels -1, -0.5, 0, 0.5, 1 (x 4 kW). A charge of 3.5 kW puts the feeder at 9.5 kW: the nearest level (-1,
    // 4 kW) would overload it, the one above (-0.5, 2 kW) does not.
    writePlanActions(env, 0, plan(-3.5, 9.5), 0, actions);
    expect(actions[producer]).toBe(0);
    writePlanActions(env, 0, plan(-3.5, 9.5), 0, actions, true);
    expect(actions[producer]).toBe(1);
    // Far from the limits the nearest level stands.
    writePlanActions(env, 0, plan(-3.5, 5), 0, actions, true);
    expect(actions[producer]).toBe(0);
    // At the export limit the level that charges more is the safe one.
    writePlanActions(env, 0, plan(-2.5, -2), 0, actions, true);
    expect(actions[producer]).toBe(0);
  });
});

describe("the optimum's demonstrations", () => {
  it("replay in a discrete environment and keep off the feeder's limits by the margin asked", async () => {
    const solver = await loadLinearSolver();
    const evening = tinyProfiles(
      Array.from({ length: 48 }, (_, t) => (t % 24 >= 17 && t % 24 < 21 ? 10 : 5)),
      Array(48).fill(0),
      Array.from({ length: 48 }, (_, t) => (t % 24 >= 17 && t % 24 < 21 ? 0.3 : 0.1)),
    );
    const discrete = { ...config, batteryCapacityKwh: 12, flexBudgetEnforced: true };
    await expect(Promise.resolve().then(() => evaluatePolicy(new OptimalPolicy(solver), { profiles: evening, config: discrete, startSteps: [0] }))).rejects.toThrow(/cannot be replayed in discrete mode/);
    const plain = evaluatePolicy(new OptimalPolicy(solver, { discreteReplay: true }), { profiles: evening, config: discrete, startSteps: [0] });
    const kept = evaluatePolicy(new OptimalPolicy(solver, { discreteReplay: true, limitMarginKw: 1.5 }), { profiles: evening, config: discrete, startSteps: [0] });
    expect(plain.aggregate.violatingSteps).toBe(0);
    expect(kept.aggregate.violatingSteps).toBe(0);
    expect(kept.aggregate.peakImportKw).toBeLessThanOrEqual(9.5 - 1.5 + 1e-6);
    expect(plain.aggregate.peakImportKw).toBeGreaterThan(kept.aggregate.peakImportKw);
  });
});
