import type { RewardStructure } from "../../config.js";
import type { Kernel } from "../kernel.js";
import { ARTICLE_REWARDS } from "./article.js";
import { differenceRewardsStage } from "./difference.js";
import { INDIVIDUAL_REWARDS } from "./individual.js";
import { MIXED_REWARDS } from "./mixed.js";
import { mixedRewardsStage } from "./mixed-rewards-stage.js";
import { TEAM_REWARDS } from "./team.js";

/** A reward structure's stage: writes every agent's reward of the step (after the team reward stage). */
export type RewardStage = (kernel: Kernel) => void;

/** Every reward structure's stage; a new structure is a new file and a line here (and in `rewardStructureSchema`). */
export const REWARD_STAGES: Readonly<Record<RewardStructure, RewardStage>> = {
  article: (kernel) => mixedRewardsStage(kernel, ARTICLE_REWARDS),
  individual: (kernel) => mixedRewardsStage(kernel, INDIVIDUAL_REWARDS),
  team: (kernel) => mixedRewardsStage(kernel, TEAM_REWARDS),
  mixed: (kernel) => mixedRewardsStage(kernel, MIXED_REWARDS),
  difference: differenceRewardsStage,
};
