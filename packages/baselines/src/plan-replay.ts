import type { VecGridEnv } from "@grid/env";
import { actionForValue } from "./actions.js";
import type { DispatchPlan } from "./dispatch-program.js";

/**
 * Writes step `planStep` of a plan as env `envIndex`'s actions: the producer's value is planned dispatch kW /
 * batteryMaxKw, each consumer's planned flexibility kW / its flexKw, the operator's 0 (tariff adder fixed at 0);
 * in discrete mode each value goes to its nearest level. With `withinLimits` (discrete mode), the battery's value
 * goes instead to the level just above or just below it that keeps the planned import, after the consumers'
 * rounding, within the feeder's capacity and export limit (the nearer of the two when both do, the one with the
 * smaller violation when neither does): a plan that runs the feeder at its capacity, rounded to the nearest level,
 * would overload it on every such step.
 */
export function writePlanActions(env: VecGridEnv, envIndex: number, plan: DispatchPlan, planStep: number, actions: Float32Array, withinLimits = false): void {
  const numEnvs = env.numEnvs;
  const numConsumers = env.numConsumers;
  const batteryMaxKw = env.config.batteryMaxKw;
  const dispatch = batteryMaxKw > 0 ? plan.batteryDispatchKw[planStep] / batteryMaxKw : 0;
  actions[env.operatorIndex * numEnvs + envIndex] = actionForValue(env, 0);
  let roundingKw = 0;
  for (let c = 0; c < numConsumers; c++) {
    const flexKw = env.consumerFlexKw[c];
    const value = flexKw > 0 ? plan.flexDeltaKw[planStep * numConsumers + c] / flexKw : 0;
    const action = actionForValue(env, value);
    actions[c * numEnvs + envIndex] = action;
    if (env.numActions > 0) roundingKw += (env.actionValues[action] - Math.max(-1, Math.min(1, value))) * flexKw;
  }
  const producer = env.producerIndex * numEnvs + envIndex;
  actions[producer] = withinLimits && env.numActions > 0 ? batteryLevelWithinLimits(env, dispatch, plan.netImportKw[planStep] + roundingKw) : actionForValue(env, dispatch);
}

/** The battery level just below or above `value` that keeps `importKw` (at `value`) within the feeder's limits. */
function batteryLevelWithinLimits(env: VecGridEnv, value: number, importKw: number): number {
  const levels = env.actionValues;
  const clipped = Math.max(-1, Math.min(1, value));
  let below = 0;
  for (let k = 0; k < levels.length; k++) if (levels[k] <= clipped + 1e-12) below = k;
  const above = levels[below] >= clipped - 1e-12 ? below : Math.min(levels.length - 1, below + 1);
  const { feederCapacityKw, exportLimitKw, batteryMaxKw } = env.config;
  // More discharge (a higher level) lowers the feeder's import.
  const violationKw = (level: number) => {
    const kw = importKw - (levels[level] - clipped) * batteryMaxKw;
    return Math.max(0, kw - feederCapacityKw) + Math.max(0, -kw - exportLimitKw);
  };
  const [first, second] = Math.abs(levels[below] - clipped) <= Math.abs(levels[above] - clipped) ? [below, above] : [above, below];
  return violationKw(first) <= violationKw(second) + 1e-9 ? first : second;
}
