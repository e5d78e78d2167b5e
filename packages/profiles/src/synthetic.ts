import { computeFeatures } from "./features.js";
import type { ProfileTable } from "./profile-table.js";
import { createRandom } from "./random.js";

/**
 * The seed article's synthetic profile model (`build_profiles`), every constant a field.
 * Defaults are the article's. Times are local clock times; the generator uses no time zone (UTC clock).
 */
export interface SyntheticProfileOptions {
  /** First day, `YYYY-MM-DD` (the article: 2026-07-01). */
  startDate: string;
  /** Number of days (the article: 30). */
  days: number;
  /** Step length in minutes (the article: 15). */
  stepMinutes: number;
  /** Seed of the generator (the article seeds NumPy with 42; NumPy's stream is not reproduced). */
  seed: number;
  /** Peak clear-sky PV output, kW (5.5); output is peak * max(0, sin(pi (h - 6) / 12)). */
  solarPeakKw: number;
  /** Cloud factor: output is multiplied by `solarCloudFloor + (1 - solarCloudFloor) * U(0, 1)` (0.7). */
  solarCloudFloor: number;
  /** Daily mean temperature, deg C (24). */
  temperatureMeanC: number;
  /** Daily temperature amplitude, deg C (7). */
  temperatureAmplitudeC: number;
  /** Phase of the temperature sine, hours (14: the article's `sin(2 pi (h - 14) / 24)`, which peaks at 20:00). */
  temperaturePhaseHour: number;
  /** Standard deviation of temperature noise, deg C (1.0). */
  temperatureNoiseC: number;
  /** Base load floor, kW (5.2). */
  baseLoadKw: number;
  /** Morning peak height, kW (1.1), centre hour (7.5) and width in hours (1.6). */
  morningPeakKw: number;
  morningPeakHour: number;
  morningPeakWidthHours: number;
  /** Evening peak height, kW (2.2), centre hour (19.0) and width in hours (2.0). */
  eveningPeakKw: number;
  eveningPeakHour: number;
  eveningPeakWidthHours: number;
  /** Cooling: `coolingKwPerDegree * max(0, T - coolingThresholdC)` (0.22 kW/deg C above 26 deg C). */
  coolingThresholdC: number;
  coolingKwPerDegree: number;
  /** Extra load on Saturdays and Sundays, kW (0.5). */
  weekendExtraKw: number;
  /** Standard deviation of load noise, kW (0.2), and the floor the load is clipped to, kW (2.0). */
  loadNoiseKw: number;
  loadFloorKw: number;
  /** Tariff: base price $/kWh (0.08), evening adder (0.05, 17:00-21:00), midday adder (0.02, 11:00-15:00). */
  priceBaseUsdPerKwh: number;
  priceEveningAdderUsdPerKwh: number;
  priceEveningStartHour: number;
  priceEveningEndHour: number;
  priceMiddayAdderUsdPerKwh: number;
  priceMiddayStartHour: number;
  priceMiddayEndHour: number;
  /** Standard deviation of price noise (0.004) and the price floor (0.03), $/kWh. */
  priceNoiseUsdPerKwh: number;
  priceFloorUsdPerKwh: number;
}

/** The article's `build_profiles` constants. */
export const ARTICLE_PROFILE_OPTIONS: SyntheticProfileOptions = {
  startDate: "2026-07-01",
  days: 30,
  stepMinutes: 15,
  seed: 42,
  solarPeakKw: 5.5,
  solarCloudFloor: 0.7,
  temperatureMeanC: 24,
  temperatureAmplitudeC: 7,
  temperaturePhaseHour: 14,
  temperatureNoiseC: 1.0,
  baseLoadKw: 5.2,
  morningPeakKw: 1.1,
  morningPeakHour: 7.5,
  morningPeakWidthHours: 1.6,
  eveningPeakKw: 2.2,
  eveningPeakHour: 19.0,
  eveningPeakWidthHours: 2.0,
  coolingThresholdC: 26,
  coolingKwPerDegree: 0.22,
  weekendExtraKw: 0.5,
  loadNoiseKw: 0.2,
  loadFloorKw: 2.0,
  priceBaseUsdPerKwh: 0.08,
  priceEveningAdderUsdPerKwh: 0.05,
  priceEveningStartHour: 17,
  priceEveningEndHour: 21,
  priceMiddayAdderUsdPerKwh: 0.02,
  priceMiddayStartHour: 11,
  priceMiddayEndHour: 15,
  priceNoiseUsdPerKwh: 0.004,
  priceFloorUsdPerKwh: 0.03,
};

/** Parses `YYYY-MM-DD` as midnight UTC, or throws naming the option. */
export function parseStartDate(startDate: string, field = "startDate"): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(time) || new Date(time).getUTCDate() !== Number(match[3])) {
    throw new Error(`${field}: "${startDate}" is not a date; expected YYYY-MM-DD, e.g. 2026-07-01`);
  }
  return time;
}

/**
 * Generates the article's synthetic feeder profiles: solar with cloud noise, temperature, a base load with
 * morning and evening peaks, cooling and weekend terms, and a tariff with midday and evening pressure.
 * Seeded: the same options give the same table bit for bit.
 */
export function generateSyntheticProfiles(options: Partial<SyntheticProfileOptions> = {}): ProfileTable {
  const o: SyntheticProfileOptions = { ...ARTICLE_PROFILE_OPTIONS, ...options };
  if (!Number.isInteger(o.days) || o.days < 1) throw new Error(`days: ${o.days} is not a whole number of days >= 1`);
  if (!(o.stepMinutes > 0) || 1440 % o.stepMinutes !== 0) {
    throw new Error(`stepMinutes: ${o.stepMinutes} must divide a day (e.g. 5, 15, 30, 60)`);
  }
  const startMs = parseStartDate(o.startDate);
  const stepsPerDay = 1440 / o.stepMinutes;
  const length = o.days * stepsPerDay;
  const random = createRandom(o.seed);
  const timestampsMs = new Float64Array(length);
  const hourOfDay = new Float64Array(length);
  const solarKw = new Float64Array(length);
  const temperatureC = new Float64Array(length);
  const baseLoadKw = new Float64Array(length);
  const price = new Float64Array(length);
  const gaussian = (hour: number, centre: number, width: number) => Math.exp(-0.5 * ((hour - centre) / width) ** 2);
  for (let t = 0; t < length; t++) {
    const time = startMs + t * o.stepMinutes * 60_000;
    timestampsMs[t] = time;
    const hour = ((t % stepsPerDay) * o.stepMinutes) / 60;
    hourOfDay[t] = hour;
    const dayOfWeek = new Date(time).getUTCDay();
    const weekend = dayOfWeek === 0 || dayOfWeek === 6 ? 1 : 0;
    solarKw[t] =
      o.solarPeakKw *
      Math.max(0, Math.sin((Math.PI * (hour - 6)) / 12)) *
      (o.solarCloudFloor + (1 - o.solarCloudFloor) * random.uniform());
    const temperature =
      o.temperatureMeanC +
      o.temperatureAmplitudeC * Math.sin((2 * Math.PI * (hour - o.temperaturePhaseHour)) / 24) +
      random.normal() * o.temperatureNoiseC;
    temperatureC[t] = temperature;
    const load =
      o.baseLoadKw +
      o.morningPeakKw * gaussian(hour, o.morningPeakHour, o.morningPeakWidthHours) +
      o.eveningPeakKw * gaussian(hour, o.eveningPeakHour, o.eveningPeakWidthHours) +
      Math.max(0, temperature - o.coolingThresholdC) * o.coolingKwPerDegree +
      o.weekendExtraKw * weekend +
      random.normal() * o.loadNoiseKw;
    baseLoadKw[t] = Math.max(o.loadFloorKw, load);
    const evening = hour >= o.priceEveningStartHour && hour < o.priceEveningEndHour ? 1 : 0;
    const midday = hour >= o.priceMiddayStartHour && hour < o.priceMiddayEndHour ? 1 : 0;
    price[t] = Math.max(
      o.priceFloorUsdPerKwh,
      o.priceBaseUsdPerKwh +
        o.priceEveningAdderUsdPerKwh * evening +
        o.priceMiddayAdderUsdPerKwh * midday +
        random.normal() * o.priceNoiseUsdPerKwh,
    );
  }
  return {
    timestampsMs,
    hourOfDay,
    stepHours: o.stepMinutes / 60,
    baseLoadKw,
    solarKw,
    temperatureC,
    dayAheadPriceUsdPerKwh: price,
    features: computeFeatures(hourOfDay, baseLoadKw, solarKw, price),
    source: `synthetic (article model, seed ${o.seed}, ${o.days} days from ${o.startDate}, ${o.stepMinutes}-minute steps)`,
    notes: [],
  };
}
