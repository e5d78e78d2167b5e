import { VecGridEnv } from "@grid/env";
import { describe, expect, it } from "vitest";
import { tinyProfiles } from "./__fixtures__/tiny-profiles.js";
import type { DispatchPlan } from "./dispatch-program.js";
import { writePlanActions } from "./plan-replay.js";

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
