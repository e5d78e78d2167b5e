import type { RewardMix } from "./reward-mix.js";

/** Mixed rewards: (1 - rewardAlpha) x own objective + rewardAlpha x team reward, for every agent. */
export const MIXED_REWARDS: RewardMix = {
  agent: (own, team, _teamWeight, alpha) => (1 - alpha) * own + alpha * team,
  operator: (own, team, alpha) => (1 - alpha) * own + alpha * team,
};
