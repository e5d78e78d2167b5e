import { actionValueOf } from "./actions.js";
import { type Kernel, profileStep } from "./kernel.js";

/** Stage: the operator's tariff adder and the retail price it gives (the day-ahead price plus the adder, floored). */
export function tariffStage(kernel: Kernel): void {
  const { config, numEnvs, state, info } = kernel;
  const dayAheadPrice = kernel.data.profiles.dayAheadPriceUsdPerKwh;
  const adderUsdPerKwh = +config.tariffAdderUsdPerKwh;
  const floorUsdPerKwh = +config.retailPriceFloorUsdPerKwh;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const tariffAdder = actionValueOf(kernel, kernel.operatorIndex, env) * adderUsdPerKwh;
    info.tariffAdderUsdPerKwh[env] = tariffAdder;
    info.retailPrice[env] = Math.max(floorUsdPerKwh, dayAheadPrice[profileStep(state, env)] + tariffAdder);
  }
}
