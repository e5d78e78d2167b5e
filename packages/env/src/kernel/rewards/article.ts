import type { RewardMix } from "./reward-mix.js";

/** The article's rewards: each agent's own objective plus its role's weight of the team reward (the operator's own only). */
export const ARTICLE_REWARDS: RewardMix = {
  agent: (own, team, teamWeight) => own + teamWeight * team,
  operator: (own) => own,
};
