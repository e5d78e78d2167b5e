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

/** A consumer's own objective for the step: minus its bill, discomfort, comfort overflow and unserved backlog. */
export function consumerOwnReward(kernel: Kernel, slot: number, done: boolean): number {
  const config = kernel.config;
  const weights = config.rewardWeights;
  const overflow = kernel.state.flexUsedKwh[slot] - config.flexBudgetKwh;
  return -(
    kernel.consumerInfo.billUsd[slot] +
    weights.comfortPerKw * Math.abs(kernel.consumerInfo.flexDeltaKw[slot]) +
    weights.comfortOverflowPerKwh * (overflow > 0 ? overflow : 0) +
    config.unservedPenaltyUsdPerKwh * unservedBacklogKwh(kernel, slot, done)
  );
}

/** The producer's own objective: revenue from discharge at the retail price, less wear, spill and degradation. */
export function producerOwnReward(kernel: Kernel, env: number): number {
  const { config, info } = kernel;
  const weights = config.rewardWeights;
  const dispatchKw = info.batteryDispatchKw[env];
  const throughputKwh = Math.abs(dispatchKw) * config.dtHours;
  const producerRevenue = info.retailPrice[env] * (dispatchKw > 0 ? dispatchKw : 0) * config.dtHours;
  return producerRevenue - weights.producerWearUsdPerKwh * throughputKwh - weights.producerSpillPerKw * info.exportViolationKw[env] - info.degradationCostUsd[env];
}

/** The operator's own objective: the team reward less a penalty on the size of its adder. */
export function operatorOwnReward(kernel: Kernel, env: number): number {
  return kernel.info.teamReward[env] - kernel.config.rewardWeights.operatorAdderPenalty * Math.abs(kernel.info.tariffAdderUsdPerKwh[env]);
}
