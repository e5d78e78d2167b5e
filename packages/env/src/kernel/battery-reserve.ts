import type { Kernel } from "./kernel.js";

/** The guard's lookahead keeps this much more energy (and room) than the coming overloads (and export) need, kWh (rounding). */
const LOOKAHEAD_MARGIN_KWH = 1e-4;
/** ... and a hair more in proportion, so that rounding as the battery empties (fills) never leaves the last one uncovered. */
const LOOKAHEAD_FACTOR = 1 + 1e-6;

/**
 * Stage: the part of the battery the producer's own dispatch may use. Its discharge stops at the backup reserve and
 * its charge at the headroom; only the feeder guard may go past them. With the guard's lookahead the reserve grows
 * to what the coming overloads of the episode need (and the headroom to the room the coming export needs), as the
 * lookahead stage wrote them (`guard-lookahead.ts`), and `topUpKw` / `drainKw` say how hard the guard charges
 * (discharges) toward them.
 */
export function batteryReserveStage(kernel: Kernel): void {
  const { config, numEnvs, state, work } = kernel;
  const { lookaheadSteps } = kernel.data;
  const chargeEfficiency = +kernel.data.chargeEfficiency;
  const dischargeEfficiency = +kernel.data.dischargeEfficiency;
  const dt = +config.dtHours;
  const capacityKwh = +config.batteryCapacityKwh;
  const reserveKwh = config.batteryReserveFraction * capacityKwh;
  const headroomKwh = config.batteryHeadroomFraction * capacityKwh;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const storedBeforeKwh = work.storedBeforeKwh[env];
    let floorKwh = reserveKwh;
    let ceilingKwh = capacityKwh - headroomKwh;
    work.topUpKw[env] = 0;
    work.drainKw[env] = 0;
    if (lookaheadSteps > 0) {
      const neededKwh = lookaheadEnergyKwh(work.overloadAheadKwh[env], dischargeEfficiency);
      const neededRoomKwh = lookaheadRoomKwh(work.exportAheadKwh[env], chargeEfficiency);
      if (neededKwh > floorKwh) floorKwh = neededKwh;
      if (capacityKwh - neededRoomKwh < ceilingKwh) ceilingKwh = capacityKwh - neededRoomKwh;
      // Where the two cross (a battery too small for both), the energy for the overloads wins.
      if (ceilingKwh < floorKwh) ceilingKwh = floorKwh;
      if (neededKwh > storedBeforeKwh) work.topUpKw[env] = (neededKwh - storedBeforeKwh) / (chargeEfficiency * dt);
      else if (storedBeforeKwh > ceilingKwh) work.drainKw[env] = ((storedBeforeKwh - ceilingKwh) * dischargeEfficiency) / dt;
    }
    const aboveReserveKwh = storedBeforeKwh - floorKwh;
    const maxDischargeKw = work.maxDischargeKw[env];
    work.producerDischargeKw[env] = aboveReserveKwh > 0 ? Math.min((aboveReserveKwh * dischargeEfficiency) / dt, maxDischargeKw) : 0;
    // The ceiling is computed only when there is one, so none changes no rounding.
    const maxChargeKw = work.maxChargeKw[env];
    let producerChargeKw = maxChargeKw;
    if (ceilingKwh < capacityKwh) {
      const belowCeilingKwh = ceilingKwh - storedBeforeKwh;
      producerChargeKw = belowCeilingKwh > 0 ? Math.min(belowCeilingKwh / (chargeEfficiency * dt), maxChargeKw) : 0;
    }
    work.producerChargeKw[env] = producerChargeKw;
  }
}

/** The energy the battery must hold for `overloadKwh` of the uncontrolled feeder's coming overloads (0 when none), kWh. */
function lookaheadEnergyKwh(overloadKwh: number, dischargeEfficiency: number): number {
  return overloadKwh > 0 ? (overloadKwh * LOOKAHEAD_FACTOR) / dischargeEfficiency + LOOKAHEAD_MARGIN_KWH : 0;
}

/** The room the battery must keep for `excessKwh` of the uncontrolled feeder's coming export above the limit (0 when none), kWh. */
function lookaheadRoomKwh(excessKwh: number, chargeEfficiency: number): number {
  return excessKwh > 0 ? excessKwh * LOOKAHEAD_FACTOR * chargeEfficiency + LOOKAHEAD_MARGIN_KWH : 0;
}
