import { clamp, type Kernel, profileStep } from "./kernel.js";

/** The feeder guard aims this far inside the limits, kW, so rounding never turns its target into a violation. */
const GUARD_MARGIN_KW = 1e-9;

/**
 * Stage (with `feederGuard`): a safety layer that keeps net import (demand - solar - dispatch) within
 * [-exportLimitKw, feederCapacityKw]. It moves the battery to the nearest safe power first (with the lookahead,
 * toward what the coming overloads need), then the consumers' flexible load in proportion to each one's room;
 * with the lookahead, what the battery keeps for the coming overloads is spent last. Writes the dispatch, the
 * demand, the consumers' loads and flexibility, and the guard's correction.
 */
export function feederGuardStage(kernel: Kernel): void {
  const { config, numEnvs, state, work, info } = kernel;
  const solar = kernel.data.profiles.solarKw;
  const lookahead = kernel.data.lookaheadSteps > 0;
  const capacityKw = +config.feederCapacityKw;
  const exportLimitKw = +config.exportLimitKw;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const t = profileStep(state, env);
    const solarKw = solar[t];
    const unguardedKw = work.unguardedKw[env];
    const maxDischargeKw = work.maxDischargeKw[env];
    const maxChargeKw = work.maxChargeKw[env];
    let totalDemandKw = work.demandKw[env];
    const uncontrolledKw = totalDemandKw - solarKw;
    let targetKw = unguardedKw;
    if (work.topUpKw[env] > 0 && unguardedKw > -work.topUpKw[env]) targetKw = -work.topUpKw[env];
    else if (work.drainKw[env] > 0 && unguardedKw < work.drainKw[env]) targetKw = work.drainKw[env]; // clipped below to what the battery can give
    const safeKw = clamp(targetKw, uncontrolledKw - capacityKw + GUARD_MARGIN_KW, uncontrolledKw + exportLimitKw - GUARD_MARGIN_KW);
    // With the lookahead, what the coming overloads need (and the room the coming export needs) is spent last,
    // after the consumers' flexibility. A fixed reserve or headroom alone is still spent before them, as when
    // their figures (benchmarks/RESULTS.md) were measured.
    let dispatchKw = lookahead ? clamp(safeKw, -work.producerChargeKw[env], work.producerDischargeKw[env]) : clamp(safeKw, -maxChargeKw, maxDischargeKw);
    const netKw = totalDemandKw - solarKw - dispatchKw;
    let movedKw = 0;
    if (netKw > capacityKw) {
      movedKw = guardConsumers(kernel, env, t, netKw - capacityKw + GUARD_MARGIN_KW, -1);
      totalDemandKw -= movedKw;
      const stillOverKw = totalDemandKw - solarKw - dispatchKw - capacityKw;
      if (lookahead && stillOverKw > 0) dispatchKw += Math.min(stillOverKw + GUARD_MARGIN_KW, maxDischargeKw - dispatchKw);
    } else if (-netKw > exportLimitKw) {
      movedKw = guardConsumers(kernel, env, t, -netKw - exportLimitKw + GUARD_MARGIN_KW, 1);
      totalDemandKw += movedKw;
      const stillOverKw = solarKw + dispatchKw - totalDemandKw - exportLimitKw;
      if (lookahead && stillOverKw > 0) dispatchKw -= Math.min(stillOverKw + GUARD_MARGIN_KW, maxChargeKw + dispatchKw);
    }
    work.demandKw[env] = totalDemandKw;
    info.batteryDispatchKw[env] = dispatchKw;
    info.guardCorrectionKw[env] = Math.abs(dispatchKw - unguardedKw) + movedKw;
  }
}

/**
 * The feeder guard's second stage: moves env `env`'s consumer loads at profile step `t` by up to `neededKw` in
 * `direction` (-1 down, +1 up), within each consumer's flexibility limit of the step (`work.flexLimitKw`, which
 * becomes its room) and the load floor, in proportion to each one's room; returns the total change, kW.
 */
function guardConsumers(kernel: Kernel, env: number, t: number, neededKw: number, direction: -1 | 1): number {
  const minLoadKw = +kernel.config.minConsumerLoadKw; // a float64, as in flexibleLoadStage (no boxed floor)
  const { numConsumers } = kernel;
  const { consumerLoadKw, profileLength } = kernel.data;
  const { loadKw: loads, flexDeltaKw: deltas } = kernel.consumerInfo;
  const room = kernel.work.flexLimitKw;
  const consumerBase = env * numConsumers;
  let totalRoomKw = 0;
  for (let c = 0; c < numConsumers; c++) {
    const slot = consumerBase + c;
    const baseKw = consumerLoadKw[c * profileLength + t];
    const limitKw = room[slot];
    let roomKw: number;
    if (direction < 0) {
      const lowestKw = baseKw - limitKw > minLoadKw ? baseKw - limitKw : minLoadKw;
      roomKw = loads[slot] - lowestKw;
    } else roomKw = baseKw + limitKw - loads[slot];
    room[slot] = roomKw > 0 ? roomKw : 0;
    totalRoomKw += room[slot];
  }
  if (totalRoomKw <= 0) return 0;
  const share = neededKw < totalRoomKw ? neededKw / totalRoomKw : 1;
  let movedKw = 0;
  for (let c = 0; c < numConsumers; c++) {
    const slot = consumerBase + c;
    const shiftKw = room[slot] * share;
    if (shiftKw === 0) continue;
    const loadKw = loads[slot] + direction * shiftKw;
    // The load stays above the floor, so the load is the base plus the new flexibility.
    deltas[slot] = loadKw - consumerLoadKw[c * profileLength + t];
    loads[slot] = loadKw;
    movedKw += shiftKw;
  }
  return movedKw;
}
