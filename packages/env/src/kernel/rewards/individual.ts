import type { RewardMix } from "./reward-mix.js";

/** Individual rewards: each agent's own objective only. */
export const INDIVIDUAL_REWARDS: RewardMix = {
  agent: (own) => own,
  operator: (own) => own,
};
