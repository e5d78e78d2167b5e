import type { GridConfig } from "../../config.js";
import { type Kernel, profileStep } from "../kernel.js";

/**
 * The team reward of one env-step from its outcome: energy at the price, congestion, spill, ramp, battery use and
 * degradation, unserved backlog, plus the shaping potentials' change. The one formula, used for the step itself
 * and for the counterfactual steps of difference rewards.
 */
export function teamRewardOf(config: GridConfig, priceUsdPerKwh: number, netImportKw: number, prevNetImportKw: number, throughputKwh: number, unservedKwh: number, shapingUsd: number): number {
  const weights = config.rewardWeights;
  const dt = config.dtHours;
  const importKw = netImportKw > 0 ? netImportKw : 0;
  const congestionKw = netImportKw > config.feederCapacityKw ? netImportKw - config.feederCapacityKw : 0;
  const spillKw = -netImportKw > config.exportLimitKw ? -netImportKw - config.exportLimitKw : 0;
  return (
    shapingUsd -
    (priceUsdPerKwh * importKw * dt +
      weights.congestionUsdPerKwh * congestionKw * dt +
      weights.spillUsdPerKwh * spillKw * dt +
      (congestionKw > 0 || spillKw > 0 ? weights.violationStepUsd : 0) +
      weights.rampUsdPerKw * Math.abs(netImportKw - prevNetImportKw) +
      weights.batteryUseUsdPerKwh * throughputKwh +
      config.batteryDegradationUsdPerKwh * throughputKwh +
      config.unservedPenaltyUsdPerKwh * unservedKwh)
  );
}

/**
 * A step's violation costs at the reward weights (congestion and spill energy, plus the per-step penalty when
 * either): the violation terms of {@link teamRewardOf}, which keeps them inline so its sum rounds as it did when
 * the published figures were trained.
 */
export function violationCostUsd(config: GridConfig, congestionKw: number, spillKw: number): number {
  if (congestionKw <= 0 && spillKw <= 0) return 0;
  const weights = config.rewardWeights;
  return (weights.congestionUsdPerKwh * congestionKw + weights.spillUsdPerKwh * spillKw) * config.dtHours + weights.violationStepUsd;
}

/** The producer's shaping potential of env `env`'s step: the stored energy's change, and at the episode's end all of it, at `storedEnergyUsdPerKwh`. */
export function storedShapingUsd(kernel: Kernel, env: number): number {
  const storedAfterKwh = kernel.state.soc[env] * kernel.config.batteryCapacityKwh;
  const done = kernel.dones[env] === 1;
  return kernel.config.rewardWeights.storedEnergyUsdPerKwh * (storedAfterKwh - kernel.work.storedBeforeKwh[env] - (done ? storedAfterKwh : 0));
}

/**
 * One consumer's flexibility-budget potential for a step ([env][consumer] index `slot`): the flexibility used now,
 * and at the episode's end the budget left unused, each at `flexBudgetUsdPerKwh`.
 */
export function budgetShapingUsd(kernel: Kernel, slot: number, done: boolean): number {
  const config = kernel.config;
  const usedKwh = Math.abs(kernel.consumerInfo.flexDeltaKw[slot]) * config.dtHours;
  return -config.rewardWeights.flexBudgetUsdPerKwh * (usedKwh + (done ? config.flexBudgetKwh - kernel.state.flexUsedKwh[slot] : 0));
}

/** The price the team's energy is paid at: retail, or the day-ahead price with `teamCostPrice: "day-ahead"`. */
export function teamPriceUsdPerKwh(kernel: Kernel, env: number): number {
  if (kernel.config.teamCostPrice === "day-ahead") return kernel.data.profiles.dayAheadPriceUsdPerKwh[profileStep(kernel.state, env)];
  return kernel.info.retailPrice[env];
}

/**
 * The team reward of env `env`'s step, with the shaping potentials (the producer's stored energy and every consumer's
 * budget), written to the step's info and returned. The mixing structures' stage starts from it; difference
 * rewards score the same inputs in their table (`difference.ts`).
 */
export function stepTeamReward(kernel: Kernel, env: number): number {
  const { config, state, info } = kernel;
  const shapingUsd = stepShapingUsd(kernel, env);
  const throughputKwh = Math.abs(info.batteryDispatchKw[env]) * config.dtHours;
  const teamReward = teamRewardOf(config, teamPriceUsdPerKwh(kernel, env), info.netImportKw[env], state.prevNetImportKw[env], throughputKwh, info.unservedKwh[env], shapingUsd);
  info.teamReward[env] = teamReward;
  return teamReward;
}

/** The shaping potentials' change over env `env`'s step: the producer's stored energy and every consumer's budget, $. */
export function stepShapingUsd(kernel: Kernel, env: number): number {
  const { numConsumers } = kernel;
  const done = kernel.dones[env] === 1;
  let shapingUsd = storedShapingUsd(kernel, env);
  if (kernel.config.rewardWeights.flexBudgetUsdPerKwh !== 0) for (let c = 0; c < numConsumers; c++) shapingUsd += budgetShapingUsd(kernel, env * numConsumers + c, done);
  return shapingUsd;
}
