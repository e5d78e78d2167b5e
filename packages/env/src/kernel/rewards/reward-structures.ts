import type { RewardStructure } from "../../config.js";
import type { Kernel } from "../kernel.js";
import { ARTICLE_REWARDS } from "./article.js";
import { differenceRewardsStage } from "./difference.js";
import { INDIVIDUAL_REWARDS } from "./individual.js";
import { MIXED_REWARDS } from "./mixed.js";
import { mixedRewardsStage } from "./mixed-rewards-stage.js";
import type { RewardMix } from "./reward-mix.js";
import { TEAM_REWARDS } from "./team.js";

/** A reward structure's stage: writes the consumers' bills, the team reward and every agent's reward of the step. */
export type RewardStage = (kernel: Kernel) => void;

/** A structure that mixes each agent's own objective with the team reward. */
function mixing(mix: RewardMix): RewardStage {
  return (kernel) => mixedRewardsStage(kernel, mix);
}

/** Every reward structure's stage; a new structure is a new file and a line here (and in `rewardStructureSchema`). */
export const REWARD_STAGES: Readonly<Record<RewardStructure, RewardStage>> = {
  article: mixing(ARTICLE_REWARDS),
  individual: mixing(INDIVIDUAL_REWARDS),
  team: mixing(TEAM_REWARDS),
  mixed: mixing(MIXED_REWARDS),
  difference: differenceRewardsStage,
};
