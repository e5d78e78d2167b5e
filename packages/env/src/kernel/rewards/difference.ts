import { type Kernel, profileStep } from "../kernel.js";
import { unservedBacklogKwh, writeConsumerBills } from "./own-objectives.js";
import { budgetShapingUsd, stepTeamReward, storedShapingUsd, teamPriceUsdPerKwh, teamRewardOf, violationCostUsd } from "./team-reward.js";

/**
 * Stage: the consumers' bills and the team reward of the step (the step's info), then difference rewards. Each agent
 * gets the unshaped team reward minus that of the same step had it alone been neutral (a consumer using no
 * flexibility, the battery idle, no tariff adder), plus its own part of the shaping potentials; with
 * `differenceSharesViolations` every agent also bears the step's violation costs.
 */
export function differenceRewardsStage(kernel: Kernel): void {
  const { config, numEnvs, numConsumers, state, info, rewards } = kernel;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const done = kernel.dones[env] === 1;
    writeConsumerBills(kernel, env);
    stepTeamReward(kernel, env); // the step's info; difference rewards compare unshaped team rewards
    const teamPrice = teamPriceUsdPerKwh(kernel, env);
    const throughputKwh = Math.abs(info.batteryDispatchKw[env]) * config.dtHours;
    const teamCostReward = teamRewardOf(config, teamPrice, info.netImportKw[env], state.prevNetImportKw[env], throughputKwh, info.unservedKwh[env], 0);
    for (let c = 0; c < numConsumers; c++) {
      rewards[c * numEnvs + env] = teamCostReward - neutralConsumerReward(kernel, env, c, teamPrice, done) + consumerShapingUsd(kernel, env * numConsumers + c, done);
    }
    const idle = teamRewardOf(config, teamPrice, info.netImportKw[env] + info.batteryDispatchKw[env], state.prevNetImportKw[env], 0, info.unservedKwh[env], 0);
    rewards[kernel.producerIndex * numEnvs + env] = teamCostReward - idle + storedShapingUsd(kernel, env);
    rewards[kernel.operatorIndex * numEnvs + env] = teamCostReward - noAdderReward(kernel, env, throughputKwh);
    const sharedViolationUsd = config.differenceSharesViolations ? violationCostUsd(config, info.congestionKw[env], info.exportViolationKw[env]) : 0;
    if (sharedViolationUsd !== 0) {
      // Every agent also bears the step's violation costs, as the team does.
      for (let agent = 0; agent < kernel.numAgents; agent++) rewards[agent * numEnvs + env] -= sharedViolationUsd;
    }
  }
}

/** The unshaped team reward of env `env`'s step had consumer `c` alone used no flexibility. */
function neutralConsumerReward(kernel: Kernel, env: number, c: number, teamPrice: number, done: boolean): number {
  const { config, info, state } = kernel;
  const slot = env * kernel.numConsumers + c;
  const baseKw = kernel.data.consumerLoadKw[c * kernel.data.profileLength + profileStep(state, env)];
  const minLoadKw = +config.minConsumerLoadKw; // a float64, as in flexibleLoadStage (no boxed floor)
  const neutralLoadKw = baseKw > minLoadKw ? baseKw : minLoadKw;
  let neutralUnservedKwh = info.unservedKwh[env];
  if (config.flexibilityMode === "shift" && done) {
    const neutralBacklog = state.backlogKwh[slot] + kernel.consumerInfo.flexDeltaKw[slot] * config.dtHours;
    neutralUnservedKwh += (neutralBacklog > 0 ? neutralBacklog : 0) - unservedBacklogKwh(kernel, slot, done);
  }
  const netImportKw = info.netImportKw[env] - kernel.consumerInfo.loadKw[slot] + neutralLoadKw;
  const throughputKwh = Math.abs(info.batteryDispatchKw[env]) * config.dtHours;
  return teamRewardOf(config, teamPrice, netImportKw, state.prevNetImportKw[env], throughputKwh, neutralUnservedKwh, 0);
}

/** A consumer's own part of the shaping potentials: its flexibility budget's (0 without budget shaping). */
function consumerShapingUsd(kernel: Kernel, slot: number, done: boolean): number {
  return kernel.config.rewardWeights.flexBudgetUsdPerKwh === 0 ? 0 : budgetShapingUsd(kernel, slot, done);
}

/** The unshaped team reward of env `env`'s step with no tariff adder (the retail price back at the day-ahead price, floored). */
function noAdderReward(kernel: Kernel, env: number, throughputKwh: number): number {
  const { config, info, state } = kernel;
  const dayAheadPrice = kernel.data.profiles.dayAheadPriceUsdPerKwh[profileStep(state, env)];
  const price = config.teamCostPrice === "day-ahead" ? dayAheadPrice : Math.max(config.retailPriceFloorUsdPerKwh, dayAheadPrice);
  return teamRewardOf(config, price, info.netImportKw[env], state.prevNetImportKw[env], throughputKwh, info.unservedKwh[env], 0);
}
