import type { Kernel } from "../kernel.js";
import { unservedBacklogKwh, writeConsumerBills } from "./own-objectives.js";
import type { RewardMix } from "./reward-mix.js";
import { stepTeamReward } from "./team-reward.js";

/**
 * Stage: the consumers' bills and the team reward of the step, then every agent's reward as `mix` combines its own
 * objective with the team reward. A consumer's own objective is minus its bill, discomfort, comfort overflow and
 * unserved backlog; the producer's its revenue from discharge at the retail price less wear, spill and degradation;
 * the operator's the team reward less a penalty on the size of its adder.
 */
export function mixedRewardsStage(kernel: Kernel, mix: RewardMix): void {
  const { config, numEnvs, numConsumers, state, info, dones, rewards } = kernel;
  const weights = config.rewardWeights;
  const { billUsd, flexDeltaKw } = kernel.consumerInfo;
  const { finished, flexUsedKwh } = state;
  const budgetKwh = +config.flexBudgetKwh;
  const dt = +config.dtHours;
  const alpha = +config.rewardAlpha;
  const comfortPerKw = +weights.comfortPerKw;
  const comfortOverflowPerKwh = +weights.comfortOverflowPerKwh;
  const consumerTeamWeight = +weights.consumerTeamWeight;
  const producerWearUsdPerKwh = +weights.producerWearUsdPerKwh;
  const producerSpillPerKw = +weights.producerSpillPerKw;
  const producerTeamWeight = +weights.producerTeamWeight;
  const operatorAdderPenalty = +weights.operatorAdderPenalty;
  const unservedPenaltyUsdPerKwh = +config.unservedPenaltyUsdPerKwh;
  const producerBase = kernel.producerIndex * numEnvs;
  const operatorBase = kernel.operatorIndex * numEnvs;
  for (let env = 0; env < numEnvs; env++) {
    if (finished[env]) continue;
    const done = dones[env] === 1;
    writeConsumerBills(kernel, env);
    const teamReward = stepTeamReward(kernel, env);
    for (let c = 0; c < numConsumers; c++) {
      const slot = env * numConsumers + c;
      const overflow = flexUsedKwh[slot] - budgetKwh;
      const own = -(
        billUsd[slot] +
        comfortPerKw * Math.abs(flexDeltaKw[slot]) +
        comfortOverflowPerKwh * (overflow > 0 ? overflow : 0) +
        unservedPenaltyUsdPerKwh * unservedBacklogKwh(kernel, slot, done)
      );
      rewards[c * numEnvs + env] = mix.agent(own, teamReward, consumerTeamWeight, alpha);
    }
    const dispatchKw = info.batteryDispatchKw[env];
    const throughputKwh = Math.abs(dispatchKw) * dt;
    const producerRevenue = info.retailPrice[env] * (dispatchKw > 0 ? dispatchKw : 0) * dt;
    const producerOwn =
      producerRevenue - producerWearUsdPerKwh * throughputKwh - producerSpillPerKw * info.exportViolationKw[env] - info.degradationCostUsd[env];
    rewards[producerBase + env] = mix.agent(producerOwn, teamReward, producerTeamWeight, alpha);
    const operatorOwn = teamReward - operatorAdderPenalty * Math.abs(info.tariffAdderUsdPerKwh[env]);
    rewards[operatorBase + env] = mix.operator(operatorOwn, teamReward, alpha);
  }
}
