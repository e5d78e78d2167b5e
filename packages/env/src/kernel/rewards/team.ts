import type { RewardMix } from "./reward-mix.js";

/** Team rewards: every agent gets the team reward. */
export const TEAM_REWARDS: RewardMix = {
  agent: (_own, team) => team,
  operator: (_own, team) => team,
};
