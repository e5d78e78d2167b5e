import { type DayRange, type Policy, startStepsInDays, type VecGridEnv } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import { RulePolicy, type RulePolicyOptions } from "./rule.js";

/** Options of the `rule-data` baseline. */
export interface DataRulePolicyOptions {
  /** The scenario's training days: the thresholds are read from them only (runners pass them). */
  trainDays: DayRange;
}

/** The thresholds {@link dataRuleOptions} reads from a table's training days, with why. */
export interface DataRuleThresholds extends Required<Pick<RulePolicyOptions, "solarThresholdKw" | "dischargeStartHour" | "dischargeEndHour">> {
  reasons: string[];
}

/**
 * The article's rule with its thresholds read from the data instead of written for the article's feeder:
 * - charge while solar is above the lower quartile of the training days' daylight solar output (the article's
 *   2.0 kW sits between the lower quartile, 1.83 kW, and the median, 3.32 kW, of `seed`'s): charging on all but
 *   dawn's and dusk's weak sun, whatever the array's size;
 * - discharge in the contiguous block of clock hours with the highest mean day-ahead price over the training days,
 *   as many hours as the battery takes to empty at full power (at least one): the article's 17:00-21:00 is where
 *   `seed`'s price peaks, not another tariff's.
 */
export function dataRuleOptions(profiles: ProfileTable, trainDays: DayRange, batteryCapacityKwh: number, batteryMaxKw: number): DataRuleThresholds {
  const steps = startStepsInDays(profiles, trainDays, 1);
  const daylight = Float64Array.from(steps, (step) => profiles.solarKw[step])
    .filter((solarKw) => solarKw > 1e-6)
    .sort();
  const solarThresholdKw = daylight.length > 0 ? daylight[Math.floor((daylight.length - 1) / 4)] : Number.POSITIVE_INFINITY;
  const priceSum = new Float64Array(24);
  const count = new Float64Array(24);
  for (const step of steps) {
    const hour = Math.floor(profiles.hourOfDay[step]) % 24;
    priceSum[hour] += profiles.dayAheadPriceUsdPerKwh[step];
    count[hour] += 1;
  }
  const meanPrice = Array.from(priceSum, (sum, hour) => (count[hour] > 0 ? sum / count[hour] : Number.NEGATIVE_INFINITY));
  const hours = batteryMaxKw > 0 ? Math.min(23, Math.max(1, Math.ceil(batteryCapacityKwh / batteryMaxKw - 1e-9))) : 1;
  let bestStart = 0;
  let bestSum = Number.NEGATIVE_INFINITY;
  for (let start = 0; start < 24; start++) {
    let sum = 0;
    for (let k = 0; k < hours; k++) sum += meanPrice[(start + k) % 24];
    if (sum > bestSum + 1e-12) [bestStart, bestSum] = [start, sum];
  }
  const dischargeEndHour = (bestStart + hours) % 24;
  return {
    solarThresholdKw,
    dischargeStartHour: bestStart,
    dischargeEndHour,
    reasons: [
      `charges while solar is above ${solarThresholdKw.toFixed(2)} kW, the lower quartile of the training days' daylight solar`,
      `discharges ${bestStart}:00-${dischargeEndHour}:00, the ${hours} h (the battery's full-power discharge) of highest mean day-ahead price`,
    ],
  };
}

/** `rule-data`: the article's rule with thresholds from the training days ({@link dataRuleOptions}); consumers hold. */
export class DataRulePolicy implements Policy {
  readonly name = "rule-data";
  private rule?: RulePolicy;
  private ruleProfiles?: ProfileTable;

  constructor(private readonly options: DataRulePolicyOptions) {
    if (!options?.trainDays) throw new Error("rule-data: options.trainDays is required (the scenario's training days, which its thresholds are read from)");
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    if (!this.rule || this.ruleProfiles !== env.profiles) {
      const { reasons: _reasons, ...thresholds } = dataRuleOptions(env.profiles, this.options.trainDays, env.config.batteryCapacityKwh, env.config.batteryMaxKw);
      this.rule = new RulePolicy(thresholds);
      this.ruleProfiles = env.profiles;
    }
    this.rule.act(env, actions);
  }
}
