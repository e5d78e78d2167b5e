import { join } from "node:path";
import { generateHouseholdProfiles, type HouseholdProfileOptions, type ProfileTable, sharedDataDirectory } from "@grid/profiles";
import type { GridConfigInput } from "./config.js";
import { assignFlexibility, type DatasetProfiles, readDatasetProfiles } from "./dataset-scenario.js";
import type { DayRange } from "./scenario-days.js";
import type { Scenario } from "./scenarios.js";

/** Battery and feeder sizes that grow with the number of consumers. */
const SCALED_FIELDS = ["feederCapacityKw", "exportLimitKw", "batteryCapacityKwh", "batteryMaxKw"] as const;

/** A configuration with its feeder and battery sizes multiplied by `factor` (the defaults are the article's). */
export function scaleFeederConfig(config: GridConfigInput, factor: number, defaults: Record<(typeof SCALED_FIELDS)[number], number>): GridConfigInput {
  const scaled: GridConfigInput = { ...config };
  for (const field of SCALED_FIELDS) scaled[field] = (config[field] ?? defaults[field]) * factor;
  return scaled;
}

interface HouseholdScenarioSpec {
  name: string;
  description: string;
  households: Partial<HouseholdProfileOptions>;
  config: GridConfigInput;
  trainDays: DayRange;
  testDays: DayRange;
}

/** The article's feeder and battery, which the household presets start from. */
const ARTICLE_SIZES = { feederCapacityKw: 9.5, exportLimitKw: 2.0, batteryCapacityKwh: 12, batteryMaxKw: 4 };

/**
 * A scenario of synthetic households. `withConsumers(n)` regenerates it with n households (the first ones are
 * the same households) and scales the feeder capacity, export limit and battery by n / the preset's count, since
 * households are drawn from one distribution (expected load and PV grow linearly).
 */
function householdScenario(spec: HouseholdScenarioSpec): Scenario {
  const baseCount = spec.households.numHouseholds ?? 3;
  const make = (numHouseholds: number): Scenario => ({
    name: numHouseholds === baseCount ? spec.name : `${spec.name}@${numHouseholds}`,
    description:
      numHouseholds === baseCount
        ? spec.description
        : `${spec.description} Scaled to ${numHouseholds} households (feeder and battery x ${numHouseholds}/${baseCount}).`,
    loadProfiles: () => generateHouseholdProfiles({ ...spec.households, numHouseholds }),
    config: numHouseholds === baseCount ? spec.config : scaleFeederConfig(spec.config, numHouseholds / baseCount, ARTICLE_SIZES),
    trainDays: spec.trainDays,
    testDays: spec.testDays,
    withConsumers: make,
  });
  return make(baseCount);
}

/** 42 days: the first four weeks train, the last two test (a split by date). */
const TRAIN_DAYS: DayRange = { first: 0, last: 27 };
const TEST_DAYS: DayRange = { first: 28, last: 41 };

/**
 * `high-pv`: midday export pressure. Three households, all with 3.5-5 kWp rooftop PV under a sunny sky, on the
 * article's feeder with a 3 kW export limit: on clear middays the feeder exports more than the limit, so with no
 * control solar is spilled; the battery (charging at midday) and consumers adding load are what can absorb it.
 */
export const highPvScenario = householdScenario({
  name: "high-pv",
  description:
    "Midday export pressure: 3 households, each with 3.5-5 kWp rooftop PV, sunny summer (42 days from 2026-06-01, 15-minute steps); the 3 kW export limit binds around noon and solar is spilled unless the battery charges or consumers add load. Train 2026-06-01..28 (days 0-27), test 2026-06-29..07-12 (days 28-41).",
  households: {
    numHouseholds: 3,
    seed: 11,
    startDate: "2026-06-01",
    days: 42,
    pvProbability: 1,
    pvKwpRange: [3.5, 5],
    cloudFloor: 0.75,
    evProbability: 0,
  },
  config: { exportLimitKw: 3, flexKw: 1 },
  trainDays: TRAIN_DAYS,
  testDays: TEST_DAYS,
});

/**
 * `ev-evening`: the article's case study. Three households with EVs (3.7 kW chargers) that plug in between 17:00
 * and 20:00 on hot evenings with air conditioning: the feeder load ramps sharply after 17:00 and exceeds the
 * 9.5 kW capacity. Flexibility is energy-neutral shifting (`shift`): deferred charging must be served later.
 */
export const evEveningScenario = householdScenario({
  name: "ev-evening",
  description:
    "The article's case study: 3 households with EVs (3.7 kW chargers, plugged in 17:00-20:00) and air conditioning on hot evenings, so the feeder load ramps sharply after 17:00 and exceeds the 9.5 kW capacity; flexibility shifts energy (deferred charging is served later). 42 days from 2026-07-01, 15-minute steps. Train 2026-07-01..28 (days 0-27), test 2026-07-29..08-11 (days 28-41).",
  households: {
    numHouseholds: 3,
    seed: 21,
    startDate: "2026-07-01",
    days: 42,
    evProbability: 1,
    evChargerKw: 3.7,
    evDailyProbability: 0.85,
    coolingProbability: 1,
    temperatureMeanC: 27,
    pvProbability: 0,
  },
  config: { flexibilityMode: "shift", flexKw: 1 },
  trainDays: TRAIN_DAYS,
  testDays: TEST_DAYS,
});

/**
 * `heatwave`: long hot spells. Three air-conditioned households; a 4-day heat wave (+8 deg C) in the training
 * weeks and a 5-day one (+10 deg C) in the test weeks, with scarcity pricing above 35 deg C: cooling keeps the
 * feeder near or over capacity through the afternoon and evening for days, and prices spike when it is hottest.
 */
export const heatwaveScenario = householdScenario({
  name: "heatwave",
  description:
    "Heat waves: 3 air-conditioned households; +8 degC on days 8-11 (training) and +10 degC on days 31-35 (test), scarcity pricing of 0.02 $/kWh per degC above 35 degC; cooling holds the feeder near or over its 9.5 kW capacity for days. 42 days from 2026-07-01, 15-minute steps. Train 2026-07-01..28 (days 0-27), test 2026-07-29..08-11 (days 28-41).",
  households: {
    numHouseholds: 3,
    seed: 31,
    startDate: "2026-07-01",
    days: 42,
    coolingProbability: 1,
    coolingKwPerDegreeRange: [0.12, 0.25],
    temperatureMeanC: 27,
    heatwaves: [
      { firstDay: 8, lastDay: 11, extraC: 8 },
      { firstDay: 31, lastDay: 35, extraC: 10 },
    ],
    scarcityUsdPerKwhPerDegree: 0.02,
    evProbability: 0,
  },
  config: { flexKw: 1 },
  trainDays: TRAIN_DAYS,
  testDays: TEST_DAYS,
});

/** The CityLearn 2022 folder: `GRID_CITYLEARN_DIR`, else `data/citylearn_challenge_2022_phase_all` in the shared folder. */
export function cityLearn2022Directory(): string {
  return process.env.GRID_CITYLEARN_DIR ?? join(sharedDataDirectory(), "data", "citylearn_challenge_2022_phase_all");
}

/** Train 2022-08-01..2023-05-31, test 2023-06-01..2023-07-30 (days from the first midnight, 2022-08-01). */
const CITYLEARN_TRAIN_DAYS: DayRange = { first: 0, last: 303 };
const CITYLEARN_TEST_DAYS: DayRange = { first: 304, last: 363 };

/**
 * `citylearn-2022` configuration. The feeder capacity (27.0 kW) and export limit (21.1 kW) are the 95th percentiles
 * of the no-control net import and export over the training days at 15-minute steps (`feederLimitsFromData`; a
 * test recomputes them from the data), so with no control each binds on about 5% of training steps. The battery is
 * the 17 buildings' batteries pooled (17 x 6.4 kWh, 17 x 5 kW, efficiency 0.9).
 */
export const CITYLEARN_2022_CONFIG: GridConfigInput = {
  dtHours: 0.25,
  episodeSteps: 96,
  feederCapacityKw: 27,
  exportLimitKw: 21.1,
  batteryCapacityKwh: 108.8,
  batteryMaxKw: 85,
  batteryRoundTripEfficiency: 0.9,
  batterySelfDischargePerHour: 0,
  flexKw: 1.2,
};

let cityLearnCache: DatasetProfiles | undefined;

/**
 * Reads (once per process) the CityLearn 2022 data at 15-minute steps, cut to whole days, each building's flexible
 * power 40% of its mean load over the training days.
 */
export function loadCityLearn2022(): DatasetProfiles {
  if (!cityLearnCache) {
    const read = readDatasetProfiles(cityLearn2022Directory(), { stepMinutes: 15 });
    cityLearnCache = { ...read, profiles: assignFlexibility(read.profiles, 0.4, CITYLEARN_TRAIN_DAYS) };
  }
  return cityLearnCache;
}

/**
 * `citylearn-2022`: the CityLearn 2022 challenge neighbourhood, its 17 buildings as consumers with their own load
 * and PV, at 15-minute steps (the framework's step: one-day episodes of 96 steps, one-hour feature windows and the
 * article's per-step penalties stay comparable across presets; hourly energies are spread evenly, so nothing is
 * invented within the hour). Reads the data on first use.
 */
export const cityLearn2022Scenario: Scenario = {
  name: "citylearn-2022",
  description:
    "The CityLearn 2022 challenge neighbourhood (17 buildings as consumers, their own load and PV, 2022-08-01..2023-07-30 upsampled to 15-minute steps, energy conserved): feeder capacity 27.0 kW and export limit 21.1 kW are the 95th percentiles of the no-control net import and export over the training days, so both bind; the battery pools the buildings' 17 x 6.4 kWh. Train 2022-08-01..2023-05-31 (days 0-303), test 2023-06-01..07-30 (days 304-363). Needs the data (GRID_CITYLEARN_DIR or the shared folder).",
  loadProfiles: (): ProfileTable => loadCityLearn2022().profiles,
  config: CITYLEARN_2022_CONFIG,
  trainDays: CITYLEARN_TRAIN_DAYS,
  testDays: CITYLEARN_TEST_DAYS,
};

/** The presets added to the registry after `seed` and `seed-reference`. */
export const PRESET_SCENARIOS: Scenario[] = [highPvScenario, evEveningScenario, heatwaveScenario, cityLearn2022Scenario];
