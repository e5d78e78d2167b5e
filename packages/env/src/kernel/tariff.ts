import { actionValueOf } from "./actions.js";
import { type Kernel, profileStep } from "./kernel.js";

/** Stage: the operator's tariff adder and the retail price it gives (the day-ahead price plus the adder, floored). */
export function tariffStage(kernel: Kernel): void {
  const { config, numEnvs, state, info } = kernel;
  const dayAheadPrice = kernel.data.profiles.dayAheadPriceUsdPerKwh;
  for (let env = 0; env < numEnvs; env++) {
    if (state.finished[env]) continue;
    const tariffAdder = actionValueOf(kernel, kernel.operatorIndex, env) * config.tariffAdderUsdPerKwh;
    info.tariffAdderUsdPerKwh[env] = tariffAdder;
    info.retailPrice[env] = Math.max(config.retailPriceFloorUsdPerKwh, dayAheadPrice[profileStep(state, env)] + tariffAdder);
  }
}
