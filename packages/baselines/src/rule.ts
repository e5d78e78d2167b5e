import type { Policy, VecGridEnv } from "@grid/env";
import { actionForValue } from "./actions.js";

/** Options of the `rule` baseline; the defaults are the reference rule (consumers hold). */
export interface RulePolicyOptions {
  /** The battery charges at full power while the feeder's solar output is above this, kW (2.0). */
  solarThresholdKw?: number;
  /** Local clock hour the evening discharge window opens, inclusive (17). */
  dischargeStartHour?: number;
  /** Local clock hour the evening discharge window closes, exclusive (21). */
  dischargeEndHour?: number;
  /** Consumers defer their flexible load in the deferral window while their budget lasts (false: they hold). */
  consumersDefer?: boolean;
  /** Local clock hour the consumers' deferral (peak-price) window opens, inclusive (17). */
  deferStartHour?: number;
  /** Local clock hour the consumers' deferral window closes, exclusive (21). */
  deferEndHour?: number;
}

/** True when `hour` lies in [start, end), wrapping past midnight when end < start. */
function inWindow(hour: number, start: number, end: number): boolean {
  return start <= end ? hour >= start && hour < end : hour >= start || hour < end;
}

/**
 * `rule`: the seed article's rule-based controller. The battery charges at full power when the feeder's solar
 * output is above `solarThresholdKw`, discharges at full power in [`dischargeStartHour`, `dischargeEndHour`),
 * and idles otherwise (charging wins if both hold). When `consumersDefer` is set, each consumer defers at full
 * flexible power in [`deferStartHour`, `deferEndHour`) as long as one more step of deferral keeps its
 * flexibility used within `flexBudgetKwh`; otherwise consumers hold. The tariff adder stays at 0.
 * It reads the current step's solar output and clock hour from the environment's profile table.
 */
export class RulePolicy implements Policy {
  readonly name = "rule";
  readonly options: Required<RulePolicyOptions>;

  constructor(options: RulePolicyOptions = {}) {
    this.options = {
      solarThresholdKw: options.solarThresholdKw ?? 2.0,
      dischargeStartHour: options.dischargeStartHour ?? 17,
      dischargeEndHour: options.dischargeEndHour ?? 21,
      consumersDefer: options.consumersDefer ?? false,
      deferStartHour: options.deferStartHour ?? 17,
      deferEndHour: options.deferEndHour ?? 21,
    };
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    const options = this.options;
    const numEnvs = env.numEnvs;
    const hold = actionForValue(env, 0);
    const charge = actionForValue(env, -1);
    const discharge = actionForValue(env, 1);
    const dtHours = env.config.dtHours;
    for (let envIndex = 0; envIndex < numEnvs; envIndex++) {
      const step = env.currentStep(envIndex);
      const hour = env.profiles.hourOfDay[step];
      const solarKw = env.profiles.solarKw[step];
      let battery = hold;
      if (solarKw > options.solarThresholdKw) battery = charge;
      else if (inWindow(hour, options.dischargeStartHour, options.dischargeEndHour)) battery = discharge;
      actions[env.producerIndex * numEnvs + envIndex] = battery;
      actions[env.operatorIndex * numEnvs + envIndex] = hold;
      const deferring = options.consumersDefer && inWindow(hour, options.deferStartHour, options.deferEndHour);
      for (let consumer = 0; consumer < env.numConsumers; consumer++) {
        let action = hold;
        if (deferring) {
          const usedKwh = env.flexUsedKwh[envIndex * env.numConsumers + consumer];
          const stepKwh = env.consumerFlexKw[consumer] * dtHours;
          if (usedKwh + stepKwh <= env.config.flexBudgetKwh + 1e-9) action = actionForValue(env, -1);
        }
        actions[consumer * numEnvs + envIndex] = action;
      }
    }
  }
}
