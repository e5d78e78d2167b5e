import type { VecGridEnv } from "@grid/env";
import { actionForValue } from "./actions.js";
import type { DispatchPlan } from "./dispatch-program.js";

/**
 * Writes step `planStep` of a plan as env `envIndex`'s actions: the producer's value is planned dispatch kW /
 * batteryMaxKw, each consumer's planned flexibility kW / its flexKw, the operator's 0 (tariff adder fixed at 0);
 * in discrete mode each value goes to its nearest level.
 */
export function writePlanActions(env: VecGridEnv, envIndex: number, plan: DispatchPlan, planStep: number, actions: Float32Array): void {
  const numEnvs = env.numEnvs;
  const numConsumers = env.numConsumers;
  const batteryMaxKw = env.config.batteryMaxKw;
  const dispatch = batteryMaxKw > 0 ? plan.batteryDispatchKw[planStep] / batteryMaxKw : 0;
  actions[env.producerIndex * numEnvs + envIndex] = actionForValue(env, dispatch);
  actions[env.operatorIndex * numEnvs + envIndex] = actionForValue(env, 0);
  for (let c = 0; c < numConsumers; c++) {
    const flexKw = env.consumerFlexKw[c];
    const value = flexKw > 0 ? plan.flexDeltaKw[planStep * numConsumers + c] / flexKw : 0;
    actions[c * numEnvs + envIndex] = actionForValue(env, value);
  }
}
