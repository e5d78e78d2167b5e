import { type Kernel, profileStep } from "./kernel.js";

/**
 * Stage: the feeder's balance and the step's outcome: net import, congestion, export above the limit (spilled
 * solar), ramp, energy and system cost, degradation cost, whether the episode ends, and in `shift` mode the backlog
 * left unserved at its end. Writes `info` and `dones`.
 */
export function feederBalanceStage(kernel: Kernel): void {
  const { config, numEnvs, numConsumers, state, work, info, dones } = kernel;
  const { profiles } = kernel.data;
  const dt = +config.dtHours;
  const capacityKw = +config.feederCapacityKw;
  const exportLimitKw = +config.exportLimitKw;
  const degradationUsdPerKwh = +config.batteryDegradationUsdPerKwh;
  const shift = config.flexibilityMode === "shift";
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const t = profileStep(state, env);
    const solarKw = profiles.solarKw[t];
    const dispatchKw = info.batteryDispatchKw[env];
    const netImportKw = work.demandKw[env] - solarKw - dispatchKw;
    const congestionKw = netImportKw > capacityKw ? netImportKw - capacityKw : 0;
    const exportViolationKw = -netImportKw > exportLimitKw ? -netImportKw - exportLimitKw : 0;
    const spillKw = exportViolationKw;
    const importKw = netImportKw > 0 ? netImportKw : 0;
    const done = state.stepInEpisode[env] + 1 >= config.episodeSteps;
    let unservedKwh = 0;
    if (shift && done) {
      for (let c = 0; c < numConsumers; c++) {
        const backlog = state.backlogKwh[env * numConsumers + c];
        if (backlog > 0) unservedKwh += backlog;
      }
    }
    info.netImportKw[env] = netImportKw;
    info.energyCostUsd[env] = info.retailPrice[env] * importKw * dt;
    info.systemCostUsd[env] = profiles.dayAheadPriceUsdPerKwh[t] * importKw * dt;
    info.constraintViolationKw[env] = congestionKw + exportViolationKw;
    info.congestionKw[env] = congestionKw;
    info.exportViolationKw[env] = exportViolationKw;
    info.solarAvailableKw[env] = solarKw;
    info.solarUsedKw[env] = solarKw - spillKw > 0 ? solarKw - spillKw : 0;
    info.rampKw[env] = Math.abs(netImportKw - state.prevNetImportKw[env]);
    info.degradationCostUsd[env] = degradationUsdPerKwh * (Math.abs(dispatchKw) * dt);
    info.unservedKwh[env] = unservedKwh;
    dones[env] = done ? 1 : 0;
  }
}
