import { type Kernel, profileStep } from "../kernel.js";

/** Each consumer's bill for env `env`'s step, at the retail price for the load its own PV does not cover, $ (into the consumers' info). */
export function writeConsumerBills(kernel: Kernel, env: number): void {
  const { numConsumers, state } = kernel;
  const { consumerSolarKw, profileLength } = kernel.data;
  const { loadKw, billUsd } = kernel.consumerInfo;
  const t = profileStep(state, env);
  const retail = kernel.info.retailPrice[env];
  const dt = kernel.config.dtHours;
  for (let c = 0; c < numConsumers; c++) {
    const slot = env * numConsumers + c;
    const own = consumerSolarKw ? consumerSolarKw[c * profileLength + t] : 0;
    const billedKw = loadKw[slot] - own > 0 ? loadKw[slot] - own : 0;
    billUsd[slot] = retail * billedKw * dt;
  }
}

/** `shift` mode, at an episode's end: the backlog a consumer ([env][consumer] index `slot`) leaves unserved, kWh (else 0). */
export function unservedBacklogKwh(kernel: Kernel, slot: number, done: boolean): number {
  if (!done || kernel.config.flexibilityMode !== "shift") return 0;
  const backlog = kernel.state.backlogKwh[slot];
  return backlog > 0 ? backlog : 0;
}
