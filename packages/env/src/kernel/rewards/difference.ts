import { type Kernel, profileStep } from "../kernel.js";
import { COUNTERFACTUAL, COUNTERFACTUAL_ROW, idleRow, noAdderRow } from "./counterfactual.js";
import { unservedBacklogKwh, writeConsumerBills } from "./own-objectives.js";
import { budgetShapingUsd, stepShapingUsd, storedShapingUsd, teamPriceUsdPerKwh, teamRewardOf, violationCostUsd } from "./team-reward.js";

/**
 * Stage: the consumers' bills and the team reward of the step (the step's info), then difference rewards. Each agent
 * gets the unshaped team reward minus that of the same step had it alone been neutral (a consumer using no
 * flexibility, the battery idle, no tariff adder), plus its own part of the shaping potentials; with
 * `differenceSharesViolations` every agent also bears the step's violation costs. The step (shaped, for its info,
 * and unshaped) and its counterfactuals are written as a table and scored in one loop: one call of the team reward's
 * formula, which V8 then inlines (called from seven places, it was not, and every call boxed its arguments: some 190
 * bytes of garbage an env-step).
 */
export function differenceRewardsStage(kernel: Kernel): void {
  const { config, numEnvs, numConsumers, state, rewards } = kernel;
  const team = kernel.work.counterfactualRewards;
  const idle = idleRow(numConsumers);
  const noAdder = noAdderRow(numConsumers);
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const done = kernel.dones[env] === 1;
    writeConsumerBills(kernel, env);
    writeCounterfactuals(kernel, env, done);
    scoreCounterfactuals(kernel, env);
    kernel.info.teamReward[env] = team[COUNTERFACTUAL_ROW.shapedStep]; // the step's info
    const stepReward = team[COUNTERFACTUAL_ROW.step]; // difference rewards compare unshaped team rewards
    for (let c = 0; c < numConsumers; c++) {
      rewards[c * numEnvs + env] = stepReward - team[COUNTERFACTUAL_ROW.firstConsumer + c] + consumerShapingUsd(kernel, env * numConsumers + c, done);
    }
    rewards[kernel.producerIndex * numEnvs + env] = stepReward - team[idle] + storedShapingUsd(kernel, env);
    rewards[kernel.operatorIndex * numEnvs + env] = stepReward - team[noAdder];
    if (config.differenceSharesViolations) shareViolations(kernel, env);
  }
}

/**
 * Env `env`'s steps to score into `work.counterfactualInputs`, a row each ({@link COUNTERFACTUAL_ROW}): the step itself
 * with its shaping (the step info's team reward, as `stepTeamReward` gives it) and without, then each consumer alone
 * neutral (its base load, floored), the battery idle, no tariff adder (the day-ahead price, floored); all but the
 * first unshaped.
 */
function writeCounterfactuals(kernel: Kernel, env: number, done: boolean): void {
  const { config, info, state, numConsumers } = kernel;
  const rows = kernel.work.counterfactualInputs;
  const teamPrice = teamPriceUsdPerKwh(kernel, env);
  const netImportKw = info.netImportKw[env];
  const unservedKwh = info.unservedKwh[env];
  const throughputKwh = Math.abs(info.batteryDispatchKw[env]) * config.dtHours;
  writeRow(rows, COUNTERFACTUAL_ROW.shapedStep, teamPrice, netImportKw, throughputKwh, unservedKwh, stepShapingUsd(kernel, env));
  writeRow(rows, COUNTERFACTUAL_ROW.step, teamPrice, netImportKw, throughputKwh, unservedKwh, 0);
  for (let c = 0; c < numConsumers; c++) {
    const slot = env * numConsumers + c;
    const neutralNetImportKw = netImportKw - kernel.consumerInfo.loadKw[slot] + neutralLoadKw(kernel, env, c);
    writeRow(rows, COUNTERFACTUAL_ROW.firstConsumer + c, teamPrice, neutralNetImportKw, throughputKwh, unservedKwh + neutralUnservedChangeKwh(kernel, slot, done), 0);
  }
  writeRow(rows, idleRow(numConsumers), teamPrice, netImportKw + info.batteryDispatchKw[env], 0, unservedKwh, 0);
  const dayAheadPrice = kernel.data.profiles.dayAheadPriceUsdPerKwh[profileStep(state, env)];
  const noAdderPrice = config.teamCostPrice === "day-ahead" ? dayAheadPrice : Math.max(config.retailPriceFloorUsdPerKwh, dayAheadPrice);
  writeRow(rows, noAdderRow(numConsumers), noAdderPrice, netImportKw, throughputKwh, unservedKwh, 0);
}

/** One step's inputs of the team reward into row `row` of `rows`. */
function writeRow(rows: Float64Array, row: number, priceUsdPerKwh: number, netImportKw: number, throughputKwh: number, unservedKwh: number, shapingUsd: number): void {
  const at = row * COUNTERFACTUAL.size;
  rows[at + COUNTERFACTUAL.priceUsdPerKwh] = priceUsdPerKwh;
  rows[at + COUNTERFACTUAL.netImportKw] = netImportKw;
  rows[at + COUNTERFACTUAL.throughputKwh] = throughputKwh;
  rows[at + COUNTERFACTUAL.unservedKwh] = unservedKwh;
  rows[at + COUNTERFACTUAL.shapingUsd] = shapingUsd;
}

/** The team reward of each of env `env`'s steps to score, into `work.counterfactualRewards`. */
function scoreCounterfactuals(kernel: Kernel, env: number): void {
  const { config, work } = kernel;
  const rows = work.counterfactualInputs;
  const prevNetImportKw = kernel.state.prevNetImportKw[env];
  for (let row = 0; row < work.counterfactualRewards.length; row++) {
    const at = row * COUNTERFACTUAL.size;
    work.counterfactualRewards[row] = teamRewardOf(
      config,
      rows[at + COUNTERFACTUAL.priceUsdPerKwh],
      rows[at + COUNTERFACTUAL.netImportKw],
      prevNetImportKw,
      rows[at + COUNTERFACTUAL.throughputKwh],
      rows[at + COUNTERFACTUAL.unservedKwh],
      rows[at + COUNTERFACTUAL.shapingUsd],
    );
  }
}

/** Consumer `c`'s load in env `env` had it used no flexibility: its base load, floored, kW. */
function neutralLoadKw(kernel: Kernel, env: number, c: number): number {
  const baseKw = kernel.data.consumerLoadKw[c * kernel.data.profileLength + profileStep(kernel.state, env)];
  const minLoadKw = +kernel.config.minConsumerLoadKw; // a float64, as in flexibleLoadStage (no boxed floor)
  return baseKw > minLoadKw ? baseKw : minLoadKw;
}

/** `shift` mode, at an episode's end: how much more backlog consumer `slot` would leave unserved had it been neutral, kWh (else 0). */
function neutralUnservedChangeKwh(kernel: Kernel, slot: number, done: boolean): number {
  if (kernel.config.flexibilityMode !== "shift" || !done) return 0;
  const neutralBacklog = kernel.state.backlogKwh[slot] + kernel.consumerInfo.flexDeltaKw[slot] * kernel.config.dtHours;
  return (neutralBacklog > 0 ? neutralBacklog : 0) - unservedBacklogKwh(kernel, slot, done);
}

/** A consumer's own part of the shaping potentials: its flexibility budget's (0 without budget shaping). */
function consumerShapingUsd(kernel: Kernel, slot: number, done: boolean): number {
  return kernel.config.rewardWeights.flexBudgetUsdPerKwh === 0 ? 0 : budgetShapingUsd(kernel, slot, done);
}

/** With `differenceSharesViolations`: every agent of env `env` also bears the step's violation costs, as the team does. */
function shareViolations(kernel: Kernel, env: number): void {
  const { info, numEnvs, rewards } = kernel;
  const sharedViolationUsd = violationCostUsd(kernel.config, info.congestionKw[env], info.exportViolationKw[env]);
  if (sharedViolationUsd === 0) return;
  for (let agent = 0; agent < kernel.numAgents; agent++) rewards[agent * numEnvs + env] -= sharedViolationUsd;
}
