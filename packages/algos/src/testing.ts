import type { GridConfigInput } from "@grid/env";
import { computeFeatures, type ProfileTable } from "@grid/profiles";

/**
 * A one-step bandit behind the environment's interface: a constant profile (8 kW load, no solar, 0.5 $/kWh) and
 * one-step episodes with the team reward and no ramp or battery-use penalty. Every agent's reward is minus the
 * step's energy cost, so the known optimum is: consumers defer (level 0), the producer discharges (level 2), the
 * operator lowers the adder (level 0); in continuous mode -1, +1, -1.
 */
export function banditProblem(actionMode: "discrete" | "continuous" = "discrete"): {
  profiles: ProfileTable;
  config: GridConfigInput;
  optimalActions: number[];
} {
  const length = 96;
  const hourOfDay = Float64Array.from({ length }, (_, step) => (step * 0.25) % 24);
  const baseLoadKw = new Float64Array(length).fill(8);
  const solarKw = new Float64Array(length);
  const price = new Float64Array(length).fill(0.5);
  const profiles: ProfileTable = {
    timestampsMs: Float64Array.from({ length }, (_, step) => step * 900_000),
    hourOfDay,
    stepHours: 0.25,
    baseLoadKw,
    solarKw,
    temperatureC: new Float64Array(length).fill(20),
    dayAheadPriceUsdPerKwh: price,
    features: computeFeatures(hourOfDay, baseLoadKw, solarKw, price),
    source: "bandit fixture (constant 8 kW, 0.5 $/kWh)",
    notes: [],
  };
  const config: GridConfigInput = {
    episodeSteps: 1,
    rewardStructure: "team",
    actionMode,
    rewardWeights: { rampUsdPerKw: 0, batteryUseUsdPerKwh: 0 },
  };
  const optimalActions = actionMode === "discrete" ? [0, 0, 0, 2, 0] : [-1, -1, -1, 1, -1];
  return { profiles, config, optimalActions };
}
