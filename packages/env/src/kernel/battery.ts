import { actionValueOf } from "./actions.js";
import { clamp, type Kernel } from "./kernel.js";

/** Stage: the energy stored before the step and what the battery can discharge and charge (rating and state of charge), kW. */
export function batteryLimitsStage(kernel: Kernel): void {
  const { config, numEnvs, state, work } = kernel;
  const chargeEfficiency = +kernel.data.chargeEfficiency;
  const dischargeEfficiency = +kernel.data.dischargeEfficiency;
  const dt = +config.dtHours;
  const capacityKwh = +config.batteryCapacityKwh;
  const batteryMaxKw = +config.batteryMaxKw;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const soc = state.soc[env];
    work.storedBeforeKwh[env] = soc * capacityKwh;
    const socDischargeKw = (soc * capacityKwh * dischargeEfficiency) / dt;
    const socChargeKw = ((1 - soc) * capacityKwh) / (chargeEfficiency * dt);
    work.maxDischargeKw[env] = socDischargeKw < batteryMaxKw ? socDischargeKw : batteryMaxKw;
    work.maxChargeKw[env] = socChargeKw < batteryMaxKw ? socChargeKw : batteryMaxKw;
  }
}

/**
 * Stage: the producer's requested power, clipped to what its own dispatch may use (what the battery can do, or
 * less where the reserve stage keeps part of it); the guard's correction starts at 0.
 */
export function producerDispatchStage(kernel: Kernel): void {
  const { config, numEnvs, state, work, info } = kernel;
  const reserved = kernel.data.batteryReserved;
  const chargeKw = reserved ? work.producerChargeKw : work.maxChargeKw;
  const dischargeKw = reserved ? work.producerDischargeKw : work.maxDischargeKw;
  const batteryMaxKw = +config.batteryMaxKw;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const requestedKw = actionValueOf(kernel, kernel.producerIndex, env) * batteryMaxKw;
    const unguardedKw = clamp(requestedKw, -chargeKw[env], dischargeKw[env]);
    work.unguardedKw[env] = unguardedKw;
    info.batteryDispatchKw[env] = unguardedKw;
    info.guardCorrectionKw[env] = 0;
  }
}

/** Stage: the state of charge after the step's dispatch (efficiency on each side), clipped to [0, 1], then self-discharge. */
export function batteryEnergyStage(kernel: Kernel): void {
  const { config, numEnvs, state } = kernel;
  const chargeEfficiency = +kernel.data.chargeEfficiency;
  const dischargeEfficiency = +kernel.data.dischargeEfficiency;
  const dispatch = kernel.info.batteryDispatchKw;
  const dt = +config.dtHours;
  const capacityKwh = +config.batteryCapacityKwh;
  const selfDischarge = 1 - config.batterySelfDischargePerHour * dt;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const dispatchKw = dispatch[env];
    let soc = state.soc[env];
    soc -= dispatchKw >= 0 ? (dispatchKw * dt) / (dischargeEfficiency * capacityKwh) : (dispatchKw * dt * chargeEfficiency) / capacityKwh;
    soc = soc < 0 ? 0 : soc > 1 ? 1 : soc;
    soc *= selfDischarge;
    state.soc[env] = soc;
  }
}
