import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSyntheticProfiles, type ProfileTable } from "@grid/profiles";
import { afterAll, describe, expect, it } from "vitest";
import { feederLimitsFromData, scenarioFromDataset } from "./dataset-scenario.js";
import { scaleScenario } from "./scale-scenario.js";
import { CITYLEARN_2022_CONFIG, loadCityLearn2022 } from "./scenario-presets.js";
import { dayRangeOfDates, dayStartSteps, getScenario, listScenarios, type Scenario, startStepsInDays } from "./scenarios.js";
import { VecGridEnv } from "./vec-env.js";

const here = dirname(fileURLToPath(import.meta.url));
const profilesFixtures = join(here, "..", "..", "profiles", "src", "__fixtures__");

interface EpisodeTotals {
  steps: number;
  congestedSteps: number;
  exportViolationSteps: number;
  congestedEveningSteps: number;
  spilledKwh: number;
  importKwh: number;
  costUsd: number;
  peakImportKw: number;
  maxBalanceErrorKw: number;
}

/** Runs one no-control episode (every agent at its middle level) from each start, through the environment. */
function runNoControl(scenario: Scenario, profiles: ProfileTable, starts: ArrayLike<number>): EpisodeTotals {
  const env = new VecGridEnv({ profiles, config: scenario.config, autoReset: false });
  const dt = env.config.dtHours;
  const totals: EpisodeTotals = {
    steps: 0,
    congestedSteps: 0,
    exportViolationSteps: 0,
    congestedEveningSteps: 0,
    spilledKwh: 0,
    importKwh: 0,
    costUsd: 0,
    peakImportKw: Number.NEGATIVE_INFINITY,
    maxBalanceErrorKw: 0,
  };
  for (let i = 0; i < starts.length; i++) {
    env.reset({ startSteps: starts[i] });
    env.actions.fill(Math.floor(env.numActions / 2));
    for (let k = 0; k < env.config.episodeSteps; k++) {
      const t = starts[i] + k;
      env.step();
      const net = env.info.netImportKw[0];
      // With no control, net import is the consumers' loads (floored at minConsumerLoadKw) minus the feeder's solar.
      let demandKw = 0;
      for (let c = 0; c < env.numConsumers; c++) demandKw += Math.max(env.config.minConsumerLoadKw, env.consumerLoadKw[c * env.profileLength + t]);
      totals.maxBalanceErrorKw = Math.max(totals.maxBalanceErrorKw, Math.abs(net - (demandKw - profiles.solarKw[t])));
      totals.steps++;
      if (env.info.congestionKw[0] > 0) {
        totals.congestedSteps++;
        if (profiles.hourOfDay[t] >= 16) totals.congestedEveningSteps++;
      }
      if (env.info.exportViolationKw[0] > 0) totals.exportViolationSteps++;
      totals.spilledKwh += env.info.exportViolationKw[0] * dt;
      totals.importKwh += Math.max(0, net) * dt;
      totals.costUsd += env.info.energyCostUsd[0];
      totals.peakImportKw = Math.max(totals.peakImportKw, net);
      for (const value of [net, env.info.energyCostUsd[0], env.rewards[0], env.rewards[env.producerIndex]]) expect(Number.isFinite(value)).toBe(true);
    }
  }
  return totals;
}

describe("scenario registry", () => {
  it("lists the article's two scenarios and the presets, each with a description and disjoint train and test days", () => {
    const names = listScenarios().map((scenario) => scenario.name);
    expect(names.slice(0, 6)).toEqual(["seed", "seed-reference", "high-pv", "ev-evening", "heatwave", "citylearn-2022"]);
    for (const scenario of listScenarios()) {
      expect(scenario.description.length).toBeGreaterThan(60);
      const { trainDays, testDays } = scenario;
      expect(trainDays.last < testDays.first || testDays.last < trainDays.first).toBe(true);
    }
  });

  it("keeps seed as it was: days of 96 steps from step 0", () => {
    const seed = getScenario("seed");
    const profiles = seed.loadProfiles();
    expect(Array.from(dayStartSteps(profiles, seed.testDays).slice(0, 3))).toEqual([0, 96, 192]);
    const trainStarts = startStepsInDays(profiles, seed.trainDays, 96);
    expect(trainStarts[0]).toBe(20 * 96);
    expect(trainStarts[trainStarts.length - 1]).toBe(30 * 96 - 96);
  });
});

describe.each(["high-pv", "ev-evening", "heatwave"])("preset %s", (name) => {
  const scenario = getScenario(name);
  const profiles = scenario.loadProfiles();

  it("builds an environment and runs every test day with the energy balance and finite numbers", () => {
    const totals = runNoControl(scenario, profiles, dayStartSteps(profiles, scenario.testDays));
    expect(totals.steps).toBe(14 * 96);
    expect(totals.maxBalanceErrorKw).toBeLessThan(1e-9);
    expect(totals.importKwh).toBeGreaterThan(0);
    expect(totals.costUsd).toBeGreaterThan(0);
  });

  it("never lets a training episode touch a test day", () => {
    const trainStarts = startStepsInDays(profiles, scenario.trainDays, 96);
    const firstTestStep = dayStartSteps(profiles, scenario.testDays)[0];
    expect(trainStarts[trainStarts.length - 1] + 96).toBeLessThanOrEqual(firstTestStep);
  });
});

describe("what each preset stresses, with no control", () => {
  it("high-pv: the export limit binds around noon and solar is spilled", () => {
    const scenario = getScenario("high-pv");
    const profiles = scenario.loadProfiles();
    const totals = runNoControl(scenario, profiles, dayStartSteps(profiles, scenario.testDays));
    expect(totals.exportViolationSteps / totals.steps).toBeGreaterThan(0.1);
    expect(totals.spilledKwh / 14).toBeGreaterThan(3);
    expect(totals.congestedSteps).toBe(0);
  });

  it("ev-evening: the feeder is congested, in the evening", () => {
    const scenario = getScenario("ev-evening");
    const profiles = scenario.loadProfiles();
    const totals = runNoControl(scenario, profiles, dayStartSteps(profiles, scenario.testDays));
    expect(totals.congestedSteps / totals.steps).toBeGreaterThan(0.05);
    expect(totals.congestedEveningSteps / totals.congestedSteps).toBeGreaterThan(0.9);
    expect(totals.peakImportKw).toBeGreaterThan(12);
  });

  it("heatwave: heat-wave days peak higher and cost more than ordinary days", () => {
    const scenario = getScenario("heatwave");
    const profiles = scenario.loadProfiles();
    const hot = runNoControl(scenario, profiles, dayStartSteps(profiles, { first: 31, last: 35 }));
    const ordinary = runNoControl(scenario, profiles, dayStartSteps(profiles, { first: 36, last: 40 }));
    expect(hot.peakImportKw).toBeGreaterThan(ordinary.peakImportKw + 2);
    expect(hot.congestedSteps).toBeGreaterThan(ordinary.congestedSteps);
    expect(hot.costUsd).toBeGreaterThan(1.3 * ordinary.costUsd);
  });
});

describe("citylearn-2022", () => {
  const scenario = getScenario("citylearn-2022");
  const profiles = scenario.loadProfiles();

  it("has the 17 buildings as consumers over 364 whole days of 15-minute steps, split by date", () => {
    expect(profiles.consumers).toHaveLength(17);
    expect(profiles.stepHours).toBe(0.25);
    expect(profiles.baseLoadKw.length).toBe(364 * 96);
    expect(dayRangeOfDates(profiles, "2022-08-01", "2023-05-31")).toEqual(scenario.trainDays);
    expect(dayRangeOfDates(profiles, "2023-06-01", "2023-07-30")).toEqual(scenario.testDays);
  });

  it("uses the feeder limits its rule gives on the training days, and the pooled battery of the schema", () => {
    const limits = feederLimitsFromData(profiles, scenario.trainDays);
    expect(CITYLEARN_2022_CONFIG.feederCapacityKw).toBe(limits.feederCapacityKw);
    expect(CITYLEARN_2022_CONFIG.exportLimitKw).toBe(limits.exportLimitKw);
    expect(limits.congestedShare).toBeGreaterThan(0.04);
    expect(limits.congestedShare).toBeLessThanOrEqual(0.05 + 1e-3);
    const battery = loadCityLearn2022().battery!;
    expect(battery.batteryCapacityKwh).toBeCloseTo(CITYLEARN_2022_CONFIG.batteryCapacityKwh!, 9);
    expect(battery.batteryMaxKw).toBe(CITYLEARN_2022_CONFIG.batteryMaxKw);
    expect(battery.batteryRoundTripEfficiency).toBeCloseTo(CITYLEARN_2022_CONFIG.batteryRoundTripEfficiency!, 9);
  });

  it("gives each building 40% of its mean training-day load as flexible power (no test day informs it)", () => {
    const trainEnd = dayStartSteps(profiles, { first: scenario.testDays.first, last: scenario.testDays.first })[0];
    for (const consumer of profiles.consumers!) {
      const meanKw = consumer.loadKw.subarray(0, trainEnd).reduce((total, value) => total + value, 0) / trainEnd;
      expect(consumer.flexKw).toBeCloseTo(Math.max(0.05, Math.round(0.4 * meanKw * 20) / 20), 12);
    }
  });

  it("simulates test days with both constraints binding at times and the balance exact", () => {
    const totals = runNoControl(scenario, profiles, dayStartSteps(profiles, { first: 304, last: 333 }));
    expect(totals.maxBalanceErrorKw).toBeLessThan(1e-9);
    expect(totals.congestedSteps).toBeGreaterThan(0);
    expect(totals.exportViolationSteps).toBeGreaterThan(0);
  });
});

describe("scenarioFromDataset", () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it("makes a scenario from a profile CSV (time zone, gap), split by date, that simulates", () => {
    const scenario = scenarioFromDataset(join(profilesFixtures, "own-data-berlin.csv"), { timeZone: "Europe/Berlin", maxGapMinutes: 30 });
    const profiles = scenario.loadProfiles();
    expect(scenario.name).toBe("dataset:own-data-berlin.csv");
    expect(profiles.consumers).toHaveLength(2);
    expect(scenario.trainDays).toEqual({ first: 0, last: 1 });
    expect(scenario.testDays).toEqual({ first: 2, last: 2 });
    const totals = runNoControl(scenario, profiles, dayStartSteps(profiles, scenario.testDays));
    expect(totals.steps).toBe(96);
    expect(totals.maxBalanceErrorKw).toBeLessThan(1e-9);
  });

  it("makes a scenario from a CityLearn folder with its battery", () => {
    const folder = mkdtempSync(join(tmpdir(), "citylearn-scenario-"));
    folders.push(folder);
    cpSync(join(profilesFixtures, "citylearn-mini"), folder, { recursive: true });
    const scenario = scenarioFromDataset(folder, { stepMinutes: 60 });
    const profiles = scenario.loadProfiles();
    expect(profiles.baseLoadKw.length).toBe(48);
    expect(scenario.config.batteryCapacityKwh).toBe(6.4);
    expect(scenario.config.episodeSteps).toBe(24);
    expect(runNoControl(scenario, profiles, dayStartSteps(profiles, scenario.testDays)).steps).toBe(24);
  });
});

describe("scaleScenario", () => {
  it("regenerates household presets with N households and scales the feeder and battery by N / 3", () => {
    const scaled = scaleScenario(getScenario("ev-evening"), 30);
    const profiles = scaled.loadProfiles();
    expect(profiles.consumers).toHaveLength(30);
    expect(scaled.config.feederCapacityKw).toBeCloseTo(95, 9);
    expect(scaled.config.batteryCapacityKwh).toBeCloseTo(120, 9);
    const env = new VecGridEnv({ profiles, config: scaled.config, autoReset: false });
    expect(env.numAgents).toBe(32);
    const totals = runNoControl(scaled, profiles, dayStartSteps(profiles, { first: 28, last: 29 }));
    expect(totals.maxBalanceErrorKw).toBeLessThan(1e-9);
  });

  it("replicates the consumers of other scenarios and scales limits by the load energy ratio", () => {
    const seed = getScenario("seed");
    const scaled = scaleScenario(seed, 12);
    const profiles = scaled.loadProfiles();
    const original = seed.loadProfiles();
    expect(profiles.consumers).toHaveLength(12);
    const energy = (table: ProfileTable) => table.baseLoadKw.reduce((total, value) => total + value, 0);
    const ratio = energy(profiles) / energy(original);
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5);
    expect(scaled.config.feederCapacityKw).toBeCloseTo(9.5 * ratio, 9);
    // The article's feeder PV is nobody's: it grows with the consumer count.
    expect(profiles.solarKw[48]).toBeCloseTo(original.solarKw[48] * 4, 9);
    expect(profiles.consumers![0].loadKw[10]).toBeCloseTo(0.45 * original.baseLoadKw[10], 12);
    const totals = runNoControl(scaled, profiles, dayStartSteps(profiles, { first: 0, last: 1 }));
    expect(totals.maxBalanceErrorKw).toBeLessThan(1e-9);
    expect(() => scaleScenario(seed, 0)).toThrowError(/numConsumers: 0/);
  });

  it("keeps the article generator's table untouched when scaling", () => {
    expect(generateSyntheticProfiles().baseLoadKw).toEqual(getScenario("seed").loadProfiles().baseLoadKw);
  });
});
