import { join } from "node:path";
import { generateSyntheticProfiles, type ProfileTable, readProfileCsv, sharedDataDirectory } from "@grid/profiles";
import type { GridConfigInput } from "./config.js";
import type { DayRange } from "./scenario-days.js";
import { PRESET_SCENARIOS } from "./scenario-presets.js";

export { type DayRange, dayBoundaries, dayRangeOfDates, dayStartSteps, startStepsInDays, stepsPerDay } from "./scenario-days.js";

/**
 * A scenario preset is data: where its profiles come from, the environment configuration, and the split of
 * days into training and test days (no test day is ever seen in training).
 */
export interface Scenario {
  name: string;
  /** What the scenario is and what it stresses. */
  description: string;
  /** Builds (or reads) the profile table. */
  loadProfiles(): ProfileTable;
  /** Environment configuration on top of the article's defaults. */
  config: GridConfigInput;
  /** Days whose steps training episodes may start in (an episode lies wholly inside the range). */
  trainDays: DayRange;
  /** Days evaluated, one deterministic episode starting at each day's first step. */
  testDays: DayRange;
  /**
   * The same scenario with `numConsumers` consumers, when the scenario can regenerate its own (synthetic
   * households); {@link scaleScenario} uses it and otherwise replicates the existing consumers.
   */
  withConsumers?(numConsumers: number): Scenario;
}

const scenarios = new Map<string, Scenario>();

/** Adds a scenario to the registry (a name may be registered once). */
export function registerScenario(scenario: Scenario): void {
  if (scenarios.has(scenario.name)) throw new Error(`scenario "${scenario.name}" is already registered`);
  scenarios.set(scenario.name, scenario);
}

/** A registered scenario, or an error listing the known names. */
export function getScenario(name: string): Scenario {
  const scenario = scenarios.get(name);
  if (!scenario) throw new Error(`unknown scenario "${name}"; known: ${[...scenarios.keys()].join(", ")}`);
  return scenario;
}

export function listScenarios(): Scenario[] {
  return [...scenarios.values()];
}

registerScenario({
  name: "seed",
  description:
    "The seed article's feeder: 3 consumers, a 12 kWh shared battery, 9.5 kW feeder, 2 kW export limit, on the article's synthetic profile model (30 summer days, 15-minute steps, seed 42 of this project's generator).",
  loadProfiles: () => generateSyntheticProfiles(),
  config: {},
  trainDays: { first: 20, last: 29 },
  testDays: { first: 0, last: 19 },
});

registerScenario({
  name: "seed-reference",
  description:
    "The seed article's exact profiles (its NumPy draws), read from shared/reference/seed_profiles.csv: the scenario the reference figures were measured on (evaluation days 0-19, as the article's evaluate). Needs the shared folder.",
  loadProfiles: () => readProfileCsv(join(sharedDataDirectory(), "reference", "seed_profiles.csv")),
  config: {},
  trainDays: { first: 20, last: 29 },
  testDays: { first: 0, last: 19 },
});

for (const preset of PRESET_SCENARIOS) registerScenario(preset);
