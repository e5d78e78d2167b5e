import { basename } from "node:path";
import {
  type CityLearnBuilding,
  isCityLearnFolder,
  localDayStarts,
  type ProfileTable,
  readCityLearnDataset,
  readProfileCsv,
  sliceProfiles,
} from "@grid/profiles";
import { ARTICLE_CONFIG, type GridConfigInput } from "./config.js";
import type { DayRange } from "./scenario-days.js";
import type { Scenario } from "./scenarios.js";

/** Feeder limits chosen from a table so that they bind, and how often they bind with no control. */
export interface FeederLimits {
  /** The `percentile` of the no-control net import over the days, rounded up to 0.1 kW. */
  feederCapacityKw: number;
  /** The `percentile` of the no-control export (max(0, -net import)) over the days, rounded up to 0.1 kW. */
  exportLimitKw: number;
  /** Share of the days' steps whose no-control net import exceeds the capacity. */
  congestedShare: number;
  /** Share of the days' steps whose no-control export exceeds the limit. */
  exportViolationShare: number;
}

/**
 * Chooses a feeder capacity and export limit from the data so that constraints bind: the `percentile` (0.95) of the
 * no-control net import (feeder load minus solar, battery idle, no flexibility) and of the no-control export, over
 * the steps of `days` only (the training days: no test day informs the configuration). With no control the
 * capacity is then exceeded on about 5% of those steps and the export limit on about 5%.
 * A table without export gets the article's limit (2 kW), which then never binds.
 */
export function feederLimitsFromData(profiles: ProfileTable, days: DayRange, percentile = 0.95): FeederLimits {
  const starts = localDayStarts(profiles);
  const first = starts[days.first] ?? 0;
  const end = days.last + 1 < starts.length ? starts[days.last + 1] : profiles.baseLoadKw.length;
  const netImport = new Float64Array(end - first);
  for (let t = first; t < end; t++) netImport[t - first] = profiles.baseLoadKw[t] - profiles.solarKw[t];
  const exported = netImport.map((value) => (value < 0 ? -value : 0));
  const quantile = (values: Float64Array) => {
    const sorted = Float64Array.from(values).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(percentile * (sorted.length - 1)))];
  };
  const roundUp = (value: number) => Math.ceil(value * 10 - 1e-9) / 10;
  const feederCapacityKw = Math.max(0.1, roundUp(quantile(netImport)));
  const exportQuantile = quantile(exported);
  const exportLimitKw = exportQuantile > 0 ? roundUp(exportQuantile) : ARTICLE_CONFIG.exportLimitKw;
  const share = (predicate: (value: number) => boolean) => netImport.filter(predicate).length / netImport.length;
  return {
    feederCapacityKw,
    exportLimitKw,
    congestedShare: share((value) => value > feederCapacityKw),
    exportViolationShare: share((value) => -value > exportLimitKw),
  };
}

/** The steps of a table's whole local days: from its first local midnight to the end of its last full day. */
export function wholeDays(profiles: ProfileTable): ProfileTable {
  const starts = localDayStarts(profiles);
  const length = profiles.baseLoadKw.length;
  if (starts.length === 0) throw new Error(`${profiles.source}: no local midnight; a scenario needs whole days`);
  // The last day is kept only when it has a full 24 hours of steps (the table may end at 23:00).
  const lastEnd = length - starts[starts.length - 1] >= Math.round(24 / profiles.stepHours) ? length : starts[starts.length - 1];
  if (starts[0] === 0 && lastEnd === length) return profiles;
  const sliced = sliceProfiles(profiles, starts[0], lastEnd);
  sliced.notes.push(`cut to whole local days: ${starts[0]} step(s) before the first midnight and ${length - lastEnd} after the last full day dropped`);
  return sliced;
}

/**
 * Gives each consumer without its own flexible power one: `share` (0.4) of its mean load over `days` (the
 * training days; default the whole table), rounded to 0.05 kW (at least 0.05). The article's consumers offer
 * about 40% of their mean load (1.2 kW of ~2.9 kW).
 */
export function assignFlexibility(profiles: ProfileTable, share = 0.4, days?: DayRange): ProfileTable {
  if (!profiles.consumers) return profiles;
  const starts = localDayStarts(profiles);
  const first = days ? (starts[days.first] ?? 0) : 0;
  const end = days && days.last + 1 < starts.length ? starts[days.last + 1] : profiles.baseLoadKw.length;
  const consumers = profiles.consumers.map((consumer) => {
    if (consumer.flexKw !== undefined) return consumer;
    let sum = 0;
    for (let t = first; t < end; t++) sum += consumer.loadKw[t];
    const flexKw = Math.max(0.05, Math.round(((share * sum) / (end - first)) * 20) / 20);
    return { ...consumer, flexKw };
  });
  const over = days ? `days ${days.first}-${days.last}` : "the table";
  return {
    ...profiles,
    consumers,
    notes: [...profiles.notes, `each consumer's flexible power is ${share * 100}% of its mean load over ${over}, rounded to 0.05 kW`],
  };
}

/**
 * The shared battery of a CityLearn neighbourhood: the buildings' batteries pooled (capacities and powers summed;
 * CityLearn's `efficiency` is applied as its square root on charge and on discharge, which is this environment's
 * round-trip efficiency, so the capacity-weighted mean is used as `batteryRoundTripEfficiency`; the standing loss
 * per dataset step (`datasetStepHours`, 1 for hourly CityLearn data) becomes self-discharge per hour).
 */
export function pooledBattery(buildings: CityLearnBuilding[], datasetStepHours: number): GridConfigInput | undefined {
  const batteries = buildings.flatMap((building) => (building.battery ? [building.battery] : []));
  if (batteries.length === 0) return undefined;
  const capacityKwh = batteries.reduce((total, battery) => total + battery.capacityKwh, 0);
  const weighted = (key: "efficiency" | "lossCoefficient") =>
    batteries.reduce((total, battery) => total + battery[key] * battery.capacityKwh, 0) / capacityKwh;
  return {
    batteryCapacityKwh: capacityKwh,
    batteryMaxKw: batteries.reduce((total, battery) => total + battery.nominalPowerKw, 0),
    batteryRoundTripEfficiency: weighted("efficiency"),
    batterySelfDischargePerHour: weighted("lossCoefficient") / datasetStepHours,
  };
}

/** How {@link scenarioFromDataset} reads a dataset and splits it. */
export interface DatasetScenarioOptions {
  /** Scenario name (default `dataset:<folder or file name>`). */
  name?: string;
  /** Environment step, minutes (15: the article's; 60 keeps hourly data as it is). */
  stepMinutes?: number;
  /** Share of the whole days, the last ones, held out as test days (0.2). */
  testFraction?: number;
  /** CityLearn: buildings to include (default: the schema's include flags). */
  buildings?: string[];
  /** Profile CSV: IANA time zone of timestamps written without an offset (default UTC). */
  timeZone?: string;
  /** Gaps of at most this many minutes are filled (0). */
  maxGapMinutes?: number;
  /** Percentile of the no-control net import and export that sets the feeder limits (0.95). */
  percentile?: number;
}

/** A dataset read for a scenario: whole days, consumers with flexibility, and the battery the data gives. */
export interface DatasetProfiles {
  profiles: ProfileTable;
  /** Battery configuration from the data (CityLearn's schema), if any. */
  battery?: GridConfigInput;
}

/**
 * Reads a CityLearn folder or a profile CSV at the environment's step, cut to whole local days. Consumers get
 * their flexible power from {@link assignFlexibility} once the training days are known.
 */
export function readDatasetProfiles(path: string, options: DatasetScenarioOptions = {}): DatasetProfiles {
  const stepMinutes = options.stepMinutes ?? 15;
  if (isCityLearnFolder(path)) {
    const dataset = readCityLearnDataset(path, { stepMinutes, buildings: options.buildings, maxGapMinutes: options.maxGapMinutes });
    return { profiles: wholeDays(dataset.profiles), battery: pooledBattery(dataset.buildings, dataset.secondsPerTimeStep / 3600) };
  }
  const table = readProfileCsv(path, { stepMinutes, timeZone: options.timeZone, maxGapMinutes: options.maxGapMinutes });
  return { profiles: wholeDays(table) };
}

/** The last `testFraction` of the days (at least one) for test, the days before for training. */
export function chronologicalSplit(numDays: number, testFraction = 0.2): { trainDays: DayRange; testDays: DayRange } {
  if (numDays < 2) throw new Error(`${numDays} whole day(s); a scenario needs at least 2 (one to train on, one to test)`);
  const testCount = Math.min(numDays - 1, Math.max(1, Math.round(numDays * testFraction)));
  return { trainDays: { first: 0, last: numDays - testCount - 1 }, testDays: { first: numDays - testCount, last: numDays - 1 } };
}

/**
 * The environment configuration for a dataset: its step and one-day episodes, feeder limits from the training
 * days ({@link feederLimitsFromData}), the data's battery when it gives one, and otherwise the article's battery
 * and flexibility scaled by the feeder capacity against the article's 9.5 kW.
 */
export function datasetConfig(data: DatasetProfiles, trainDays: DayRange, percentile = 0.95): GridConfigInput {
  const { profiles } = data;
  const limits = feederLimitsFromData(profiles, trainDays, percentile);
  const scale = limits.feederCapacityKw / ARTICLE_CONFIG.feederCapacityKw;
  const articleFlex = ARTICLE_CONFIG.flexKw as number[];
  return {
    dtHours: profiles.stepHours,
    episodeSteps: Math.round(24 / profiles.stepHours),
    feederCapacityKw: limits.feederCapacityKw,
    exportLimitKw: limits.exportLimitKw,
    ...(data.battery ?? {
      batteryCapacityKwh: ARTICLE_CONFIG.batteryCapacityKwh * scale,
      batteryMaxKw: ARTICLE_CONFIG.batteryMaxKw * scale,
    }),
    flexKw: profiles.consumers ? articleFlex[0] : articleFlex.map((value) => value * scale),
  };
}

/**
 * A scenario from a dataset path: a CityLearn folder (has `schema.json`) or a profile CSV. The data is read once,
 * now (errors surface here), cut to whole days and split by date: the last `testFraction` of the days are test
 * days. Feeder limits and consumers' flexible power come from the training days only (see
 * {@link feederLimitsFromData}, {@link assignFlexibility}); the battery from the data when it has one. Used by `grid simulate --dataset` and `grid evaluate --dataset`.
 */
export function scenarioFromDataset(path: string, options: DatasetScenarioOptions = {}): Scenario {
  const read = readDatasetProfiles(path, options);
  const numDays = localDayStarts(read.profiles).length;
  const { trainDays, testDays } = chronologicalSplit(numDays, options.testFraction);
  const data = { ...read, profiles: assignFlexibility(read.profiles, 0.4, trainDays) };
  const limits = feederLimitsFromData(data.profiles, trainDays, options.percentile);
  return {
    name: options.name ?? `dataset:${basename(path)}`,
    description: `Data read from ${path}: ${data.profiles.consumers?.length ?? "no per-consumer"} consumers, ${numDays} days of ${data.profiles.stepHours * 60}-minute steps; feeder capacity ${limits.feederCapacityKw} kW and export limit ${limits.exportLimitKw} kW are the ${(options.percentile ?? 0.95) * 100}th percentiles of the no-control net import and export over the training days (days ${trainDays.first}-${trainDays.last}); test days ${testDays.first}-${testDays.last} are the last ${testDays.last - testDays.first + 1}.`,
    loadProfiles: () => data.profiles,
    config: datasetConfig(data, trainDays, options.percentile),
    trainDays,
    testDays,
  };
}
