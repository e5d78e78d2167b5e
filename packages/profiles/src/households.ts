import type { ConsumerProfile, ProfileTable } from "./profile-table.js";
import { createRandom } from "./random.js";
import { parseStartDate } from "./synthetic.js";
import { buildProfileTable } from "./table-tools.js";

/** A spell of hot days: `extraC` degrees C added to the daily mean temperature on days `firstDay`..`lastDay`. */
export interface Heatwave {
  firstDay: number;
  lastDay: number;
  extraC: number;
}

/**
 * Heterogeneous households on one feeder, seeded. Each household draws its size (persons), the times of its
 * morning and evening peaks, and whether it has rooftop PV, an electric vehicle and air conditioning; all share
 * one weather (temperature and solar) and one tariff. Powers are kW, energies kWh, prices $/kWh.
 */
export interface HouseholdProfileOptions {
  /** Number of households (consumers) (3). */
  numHouseholds: number;
  /** Seed. Household k's draws depend only on the seed and k, so N + 1 households extend N households. (7) */
  seed: number;
  /** First day, `YYYY-MM-DD` (2026-07-01). Clock times are local with no daylight saving (UTC clock). */
  startDate: string;
  /** Number of days (30). */
  days: number;
  /** Step length, minutes (15). */
  stepMinutes: number;
  /** Persons per household, drawn uniformly from `personsMin`..`personsMax` (1..5). */
  personsMin: number;
  personsMax: number;
  /** Always-on load, kW: `standbyKw + standbyKwPerPerson x persons` (0.25 + 0.12). */
  standbyKw: number;
  standbyKwPerPerson: number;
  /** Morning peak per person, kW (0.25); the peak is 1 h wide. */
  morningPeakKwPerPerson: number;
  /** Range the morning peak's centre is drawn from, local hours ([6.0, 8.5]). */
  morningPeakHourRange: [number, number];
  /** Evening peak per person, kW (0.45); the peak is 1.5 h wide. */
  eveningPeakKwPerPerson: number;
  /** Range the evening peak's centre is drawn from, local hours ([17.5, 20.5]). */
  eveningPeakHourRange: [number, number];
  /** Daytime extra on Saturdays and Sundays, kW per person (0.1). */
  weekendKwPerPerson: number;
  /** Relative standard deviation of step-to-step load noise (0.12). */
  loadNoise: number;
  /** Probability a household has rooftop PV (0.5) and its size range, kWp ([3, 7]). */
  pvProbability: number;
  pvKwpRange: [number, number];
  /** PV output at noon under a clear sky, kW per kWp (0.8). */
  pvYieldKwPerKwp: number;
  /** Each day's sky: the clear-sky output is multiplied by a factor drawn in [cloudFloor, 1] (0.6). */
  cloudFloor: number;
  /** Probability a household has an EV (0.3), its charger, kW (7.2), and the chance it charges on a day (0.8). */
  evProbability: number;
  evChargerKw: number;
  evDailyProbability: number;
  /** Arrival hour range of the EV (charging starts on arrival at full power) ([17, 20]) and energy per charge, kWh ([6, 16]). */
  evArrivalHourRange: [number, number];
  evEnergyKwhRange: [number, number];
  /** Probability a household has air conditioning (0.7); its cooling, kW per deg C above the threshold ([0.08, 0.2]). */
  coolingProbability: number;
  coolingKwPerDegreeRange: [number, number];
  /** Outdoor temperature above which air conditioning runs, deg C (25). */
  coolingThresholdC: number;
  /** Daily mean temperature, deg C (24), day-to-day standard deviation (1.5), diurnal amplitude (7), hottest hour (15). */
  temperatureMeanC: number;
  temperatureDailyStdC: number;
  temperatureAmplitudeC: number;
  temperaturePeakHour: number;
  /** Hot spells (none). */
  heatwaves: Heatwave[];
  /** The article's tariff: base price (0.08), evening adder 17:00-21:00 (0.05), midday adder 11:00-15:00 (0.02), noise (0.004), floor (0.03). */
  priceBaseUsdPerKwh: number;
  priceEveningAdderUsdPerKwh: number;
  priceMiddayAdderUsdPerKwh: number;
  priceNoiseUsdPerKwh: number;
  priceFloorUsdPerKwh: number;
  /** Scarcity pricing: $/kWh added per deg C the temperature exceeds `scarcityThresholdC` (0, 35). */
  scarcityUsdPerKwhPerDegree: number;
  scarcityThresholdC: number;
  /** Flexible power a household offers: `flexKwBase + flexKwPerPerson x persons`, plus `evFlexShare x charger` with an EV (0.3, 0.1, 0.5). */
  flexKwBase: number;
  flexKwPerPerson: number;
  evFlexShare: number;
}

/** Defaults: a summer feeder of mixed households. */
export const HOUSEHOLD_PROFILE_DEFAULTS: HouseholdProfileOptions = {
  numHouseholds: 3,
  seed: 7,
  startDate: "2026-07-01",
  days: 30,
  stepMinutes: 15,
  personsMin: 1,
  personsMax: 5,
  standbyKw: 0.25,
  standbyKwPerPerson: 0.12,
  morningPeakKwPerPerson: 0.25,
  morningPeakHourRange: [6.0, 8.5],
  eveningPeakKwPerPerson: 0.45,
  eveningPeakHourRange: [17.5, 20.5],
  weekendKwPerPerson: 0.1,
  loadNoise: 0.12,
  pvProbability: 0.5,
  pvKwpRange: [3, 7],
  pvYieldKwPerKwp: 0.8,
  cloudFloor: 0.6,
  evProbability: 0.3,
  evChargerKw: 7.2,
  evDailyProbability: 0.8,
  evArrivalHourRange: [17, 20],
  evEnergyKwhRange: [6, 16],
  coolingProbability: 0.7,
  coolingKwPerDegreeRange: [0.08, 0.2],
  coolingThresholdC: 25,
  temperatureMeanC: 24,
  temperatureDailyStdC: 1.5,
  temperatureAmplitudeC: 7,
  temperaturePeakHour: 15,
  heatwaves: [],
  priceBaseUsdPerKwh: 0.08,
  priceEveningAdderUsdPerKwh: 0.05,
  priceMiddayAdderUsdPerKwh: 0.02,
  priceNoiseUsdPerKwh: 0.004,
  priceFloorUsdPerKwh: 0.03,
  scarcityUsdPerKwhPerDegree: 0,
  scarcityThresholdC: 35,
  flexKwBase: 0.3,
  flexKwPerPerson: 0.1,
  evFlexShare: 0.5,
};

/** What was drawn for one household. */
export interface HouseholdTraits {
  /** `household_<k>`: the consumer's id. */
  id: string;
  /** Persons living there (scales standby and peak loads). */
  persons: number;
  /** Centre of the morning peak, local hour. */
  morningPeakHour: number;
  /** Centre of the evening peak, local hour. */
  eveningPeakHour: number;
  /** Installed PV, kWp (0: none). */
  pvKwp: number;
  /** Whether the household charges an EV. */
  hasEv: boolean;
  /** Cooling, kW per deg C above the threshold (0: no air conditioning). */
  coolingKwPerDegree: number;
  /** Flexible power, kW. */
  flexKw: number;
}

const between = (uniform: number, [low, high]: [number, number]) => low + (high - low) * uniform;
const bump = (hour: number, centre: number, width: number) => {
  const distance = Math.abs(hour - centre);
  const wrapped = Math.min(distance, 24 - distance);
  return Math.exp(-0.5 * (wrapped / width) ** 2);
};

/** Draws household k's traits (depends only on the seed and k). */
export function drawHouseholdTraits(options: HouseholdProfileOptions, index: number): HouseholdTraits {
  const random = createRandom(`${options.seed}:household:${index}`);
  const persons = options.personsMin + Math.floor(random.uniform() * (options.personsMax - options.personsMin + 1));
  const morningPeakHour = between(random.uniform(), options.morningPeakHourRange);
  const eveningPeakHour = between(random.uniform(), options.eveningPeakHourRange);
  const pvDraw = random.uniform();
  const pvSize = random.uniform();
  const pvKwp = pvDraw < options.pvProbability ? between(pvSize, options.pvKwpRange) : 0;
  const hasEv = random.uniform() < options.evProbability;
  const coolingDraw = random.uniform();
  const coolingSize = random.uniform();
  const coolingKwPerDegree = coolingDraw < options.coolingProbability ? between(coolingSize, options.coolingKwPerDegreeRange) : 0;
  const flexKw = options.flexKwBase + options.flexKwPerPerson * persons + (hasEv ? options.evFlexShare * options.evChargerKw : 0);
  return { id: `household_${index}`, persons, morningPeakHour, eveningPeakHour, pvKwp, hasEv, coolingKwPerDegree, flexKw };
}

function validateHouseholdOptions(o: HouseholdProfileOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(o.numHouseholds) || o.numHouseholds < 1) problems.push(`numHouseholds: ${o.numHouseholds}; expected a whole number >= 1`);
  if (!Number.isInteger(o.days) || o.days < 1) problems.push(`days: ${o.days}; expected a whole number >= 1`);
  if (!(o.stepMinutes > 0) || 1440 % o.stepMinutes !== 0) problems.push(`stepMinutes: ${o.stepMinutes}; expected a divisor of a day (5, 15, 30, 60)`);
  if (!Number.isInteger(o.personsMin) || !Number.isInteger(o.personsMax) || o.personsMin < 1 || o.personsMax < o.personsMin) {
    problems.push(`personsMin..personsMax: ${o.personsMin}..${o.personsMax}; expected whole numbers 1 <= min <= max`);
  }
  for (const key of ["pvProbability", "evProbability", "evDailyProbability", "coolingProbability", "cloudFloor"] as const) {
    if (!(o[key] >= 0 && o[key] <= 1)) problems.push(`${key}: ${o[key]}; expected a probability in [0, 1]`);
  }
  o.heatwaves.forEach((wave, index) => {
    if (!(Number.isInteger(wave.firstDay) && Number.isInteger(wave.lastDay) && wave.firstDay >= 0 && wave.lastDay >= wave.firstDay)) {
      problems.push(`heatwaves[${index}]: days ${wave.firstDay}..${wave.lastDay}; expected whole days 0 <= firstDay <= lastDay`);
    }
  });
  if (problems.length > 0) throw new RangeError(`invalid household options:\n  ${problems.join("\n  ")}`);
}

/**
 * Generates heterogeneous households on one feeder (see {@link HouseholdProfileOptions}): a profile table whose
 * `consumers` carry each household's load (standby, morning and evening peaks, weekend use, EV charging,
 * air conditioning) and own PV, with the feeder's `baseLoadKw` their sum and `solarKw` the feeder's total PV.
 * Seeded: the same options give the same table bit for bit.
 */
export function generateHouseholdProfiles(options: Partial<HouseholdProfileOptions> = {}): ProfileTable & { households: HouseholdTraits[] } {
  const o: HouseholdProfileOptions = { ...HOUSEHOLD_PROFILE_DEFAULTS, ...options };
  validateHouseholdOptions(o);
  const clock = householdClock(o);
  const { temperatureC, clearSkyKwPerKwp } = sharedWeather(o, clock);
  const dayAheadPriceUsdPerKwh = dayAheadPrices(o, clock, temperatureC);
  const households: HouseholdTraits[] = [];
  const consumers: ConsumerProfile[] = [];
  for (let index = 0; index < o.numHouseholds; index++) {
    const traits = drawHouseholdTraits(o, index);
    households.push(traits);
    const loadKw = householdLoadKw(o, clock, traits, temperatureC, createRandom(`${o.seed}:household:${index}:series`));
    const solarKw = traits.pvKwp > 0 ? clearSkyKwPerKwp.map((kwPerKwp) => traits.pvKwp * kwPerKwp) : undefined;
    consumers.push({ id: traits.id, loadKw, ...(solarKw ? { solarKw } : {}), flexKw: traits.flexKw });
  }
  const table = buildProfileTable({
    timestampsMs: clock.timestampsMs,
    hourOfDay: clock.hourOfDay,
    stepHours: clock.stepHours,
    temperatureC,
    dayAheadPriceUsdPerKwh,
    consumers,
    source: `synthetic households (seed ${o.seed}, ${o.numHouseholds} households, ${o.days} days from ${o.startDate}, ${o.stepMinutes}-minute steps)`,
    notes: households.map(describeHousehold),
  });
  return { ...table, households };
}

/** The synthetic table's steps: each one's start and hour of day, and the step's length. */
interface HouseholdClock {
  startMs: number;
  stepsPerDay: number;
  stepHours: number;
  timestampsMs: Float64Array;
  hourOfDay: Float64Array;
}

function householdClock(o: HouseholdProfileOptions): HouseholdClock {
  const startMs = parseStartDate(o.startDate);
  const stepsPerDay = 1440 / o.stepMinutes;
  const length = o.days * stepsPerDay;
  const timestampsMs = new Float64Array(length);
  const hourOfDay = new Float64Array(length);
  for (let t = 0; t < length; t++) {
    timestampsMs[t] = startMs + t * o.stepMinutes * 60_000;
    hourOfDay[t] = ((t % stepsPerDay) * o.stepMinutes) / 60;
  }
  return { startMs, stepsPerDay, stepHours: o.stepMinutes / 60, timestampsMs, hourOfDay };
}

/** Shared weather: a daily mean temperature with day-to-day noise and heat waves, a diurnal cycle, cloudy days (PV yield per kWp). */
function sharedWeather(o: HouseholdProfileOptions, clock: HouseholdClock): { temperatureC: Float64Array; clearSkyKwPerKwp: Float64Array } {
  const { stepsPerDay, stepHours, hourOfDay } = clock;
  const weather = createRandom(`${o.seed}:weather`);
  const temperatureC = new Float64Array(hourOfDay.length);
  const clearSkyKwPerKwp = new Float64Array(hourOfDay.length);
  for (let day = 0; day < o.days; day++) {
    let extra = 0;
    for (const wave of o.heatwaves) if (day >= wave.firstDay && day <= wave.lastDay) extra += wave.extraC;
    const dailyMean = o.temperatureMeanC + extra + o.temperatureDailyStdC * weather.normal();
    const sky = o.cloudFloor + (1 - o.cloudFloor) * weather.uniform();
    for (let k = 0; k < stepsPerDay; k++) {
      const t = day * stepsPerDay + k;
      const hour = hourOfDay[t] + stepHours / 2;
      temperatureC[t] = dailyMean + o.temperatureAmplitudeC * Math.cos((2 * Math.PI * (hour - o.temperaturePeakHour)) / 24) + 0.3 * weather.normal();
      clearSkyKwPerKwp[t] = o.pvYieldKwPerKwp * Math.max(0, Math.sin((Math.PI * (hour - 6)) / 12)) * sky * (0.95 + 0.05 * weather.uniform());
    }
  }
  return { temperatureC, clearSkyKwPerKwp };
}

/** The day-ahead price: a base with evening and midday adders, scarcity above a temperature, noise, and a floor. */
function dayAheadPrices(o: HouseholdProfileOptions, { hourOfDay }: HouseholdClock, temperatureC: Float64Array): Float64Array {
  const prices = createRandom(`${o.seed}:price`);
  const dayAheadPriceUsdPerKwh = new Float64Array(hourOfDay.length);
  for (let t = 0; t < hourOfDay.length; t++) {
    const hour = hourOfDay[t];
    const evening = hour >= 17 && hour < 21 ? o.priceEveningAdderUsdPerKwh : 0;
    const midday = hour >= 11 && hour < 15 ? o.priceMiddayAdderUsdPerKwh : 0;
    const scarcity = o.scarcityUsdPerKwhPerDegree * Math.max(0, temperatureC[t] - o.scarcityThresholdC);
    dayAheadPriceUsdPerKwh[t] = Math.max(
      o.priceFloorUsdPerKwh,
      o.priceBaseUsdPerKwh + evening + midday + scarcity + o.priceNoiseUsdPerKwh * prices.normal(),
    );
  }
  return dayAheadPriceUsdPerKwh;
}

/** One household's load, kW: standby, morning and evening peaks, weekend use, noise, cooling, and its EV's charging (from `random`). */
function householdLoadKw(o: HouseholdProfileOptions, clock: HouseholdClock, traits: HouseholdTraits, temperatureC: Float64Array, random: ReturnType<typeof createRandom>): Float64Array {
  const { startMs, stepsPerDay, stepHours, hourOfDay } = clock;
  const loadKw = new Float64Array(hourOfDay.length);
  const persons = traits.persons;
  let pendingEvKwh = 0;
  for (let day = 0; day < o.days; day++) {
    const weekday = new Date(startMs + day * 86_400_000).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    // Every draw is made whether or not the household has an EV, so the rest of its series does not depend on it.
    const chargeDraw = random.uniform();
    const charges = traits.hasEv && chargeDraw < o.evDailyProbability;
    const arrivalHour = between(random.uniform(), o.evArrivalHourRange);
    const chargeKwh = between(random.uniform(), o.evEnergyKwhRange);
    for (let k = 0; k < stepsPerDay; k++) {
      const t = day * stepsPerDay + k;
      const hour = hourOfDay[t];
      if (charges && hour <= arrivalHour && arrivalHour < hour + stepHours) pendingEvKwh += chargeKwh;
      let load =
        o.standbyKw +
        o.standbyKwPerPerson * persons +
        o.morningPeakKwPerPerson * persons * bump(hour, traits.morningPeakHour, 1.0) +
        o.eveningPeakKwPerPerson * persons * bump(hour, traits.eveningPeakHour, 1.5) +
        (weekend && hour >= 9 && hour < 21 ? o.weekendKwPerPerson * persons : 0);
      load *= Math.max(0.3, 1 + o.loadNoise * random.normal());
      load += traits.coolingKwPerDegree * Math.max(0, temperatureC[t] - o.coolingThresholdC);
      if (pendingEvKwh > 0) {
        const evKw = Math.min(o.evChargerKw, pendingEvKwh / stepHours);
        load += evKw;
        pendingEvKwh -= evKw * stepHours;
      }
      loadKw[t] = load;
    }
  }
  return loadKw;
}

/** A household's traits in one line (the table's notes). */
function describeHousehold(traits: HouseholdTraits): string {
  return `${traits.id}: ${traits.persons} persons, peaks ${traits.morningPeakHour.toFixed(1)} h and ${traits.eveningPeakHour.toFixed(1)} h, PV ${traits.pvKwp.toFixed(1)} kWp, ${traits.hasEv ? "EV" : "no EV"}, cooling ${traits.coolingKwPerDegree.toFixed(2)} kW/degC, flex ${traits.flexKw.toFixed(2)} kW`;
}
