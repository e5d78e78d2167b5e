import type { Kernel } from "../kernel.js";
import { consumerOwnReward, operatorOwnReward, producerOwnReward } from "./own-objectives.js";
import type { RewardMix } from "./reward-mix.js";

/** Stage: every agent's reward as `mix` combines its own objective with the step's team reward. */
export function mixedRewardsStage(kernel: Kernel, mix: RewardMix): void {
  const { config, numEnvs, numConsumers, state, rewards } = kernel;
  const weights = config.rewardWeights;
  const alpha = config.rewardAlpha;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const done = kernel.dones[env] === 1;
    const teamReward = kernel.info.teamReward[env];
    for (let c = 0; c < numConsumers; c++) {
      rewards[c * numEnvs + env] = mix.agent(consumerOwnReward(kernel, env * numConsumers + c, done), teamReward, weights.consumerTeamWeight, alpha);
    }
    rewards[kernel.producerIndex * numEnvs + env] = mix.agent(producerOwnReward(kernel, env), teamReward, weights.producerTeamWeight, alpha);
    rewards[kernel.operatorIndex * numEnvs + env] = mix.operator(operatorOwnReward(kernel, env), teamReward, alpha);
  }
}
