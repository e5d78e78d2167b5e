import { type Kernel, profileStep } from "../kernel.js";

/** Stage: each consumer's bill for the step, at the retail price for the load its own PV does not cover, $. */
export function consumerBillStage(kernel: Kernel): void {
  const { config, numEnvs, numConsumers, state, info } = kernel;
  const { consumerSolarKw, profileLength } = kernel.data;
  const { loadKw, billUsd } = kernel.consumerInfo;
  const dt = config.dtHours;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const t = profileStep(state, env);
    const retail = info.retailPrice[env];
    for (let c = 0; c < numConsumers; c++) {
      const slot = env * numConsumers + c;
      const own = consumerSolarKw ? consumerSolarKw[c * profileLength + t] : 0;
      const billedKw = loadKw[slot] - own > 0 ? loadKw[slot] - own : 0;
      billUsd[slot] = retail * billedKw * dt;
    }
  }
}

/** `shift` mode, at an episode's end: the backlog a consumer ([env][consumer] index `slot`) leaves unserved, kWh (else 0). */
export function unservedBacklogKwh(kernel: Kernel, slot: number, done: boolean): number {
  if (!done || kernel.config.flexibilityMode !== "shift") return 0;
  const backlog = kernel.state.backlogKwh[slot];
  return backlog > 0 ? backlog : 0;
}
