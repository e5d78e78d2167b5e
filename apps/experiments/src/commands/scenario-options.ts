import { existsSync, statSync } from "node:fs";
import { ConfigError, getScenario, parseGridConfig, readGridConfigInput, type Scenario, scenarioFromDataset } from "@grid/env";
import { isCityLearnFolder } from "@grid/profiles";
import { flag, jsonObject, numeric, type OptionValues, text } from "../cli/option-table.js";
import { UsageError } from "../command.js";
import { comparisonConfig } from "../runs/scenario.js";

/** Options that say how a dataset is read (`grid data inspect`, and `--dataset` of simulate, evaluate and train). */
export const DATASET_READ_OPTIONS = {
  timeZone: text("--time-zone <zone>", "IANA time zone of CSV timestamps written without an offset (default UTC)"),
  stepMinutes: numeric("--step-minutes <n>", "resample to this step, energy conserved", { whole: true, atLeast: 1, unit: "minutes" }),
  maxGapMinutes: numeric("--max-gap-minutes <n>", "fill gaps up to this long and report them (default 0: a gap is an error)", {
    whole: true,
    atLeast: 0,
    unit: "minutes",
  }),
  buildings: text("--buildings <a,b,...>", "CityLearn: the buildings to include (default: the schema's include flags)"),
};

/** The scenario a command runs on: a preset or a dataset, and how the dataset is read. */
export const SCENARIO_OPTIONS = {
  scenario: text("--scenario <name>", "scenario preset (default: seed; grid list shows them)"),
  dataset: text(
    "--dataset <path>",
    "a CityLearn dataset folder (with schema.json) or a profile CSV, as the scenario (its last 20% of days are the test days)",
  ),
  ...DATASET_READ_OPTIONS,
};

/** Environment configuration over the scenario's: one meaning in every command that takes it. */
export const ENV_CONFIG_OPTION = jsonObject(
  "--env-config <json|file>",
  "environment configuration fields (camelCase), flat or by concern (physics, safety, actions, observation, reward), over " +
    `the scenario's, inline JSON or a JSON/YAML file, e.g. '{"feederCapacityKw": 8}' or '{"physics": {"feederCapacityKw": 8}}'; ` +
    `the flexibility budget is a hard limit unless it says '{"flexBudgetEnforced": false}'`,
);

/** `--json`: print one JSON object instead of text. */
export const JSON_OPTION = flag("--json", "print one JSON object instead of text");

/** How to read a dataset, from the command line. */
export interface DatasetReadOptions {
  timeZone?: string;
  stepMinutes?: number;
  maxGapMinutes?: number;
  buildings?: string[];
}

/** The dataset-reading options of a command line. */
export function datasetReadOptions(values: Partial<OptionValues<typeof DATASET_READ_OPTIONS>>): DatasetReadOptions {
  return {
    timeZone: values.timeZone,
    stepMinutes: values.stepMinutes,
    maxGapMinutes: values.maxGapMinutes,
    buildings: values.buildings?.split(",").map((name) => name.trim()),
  };
}

/** Refuses a dataset path that is neither a CityLearn folder nor a file, saying what is expected. */
export function checkDatasetPath(path: string): void {
  if (!existsSync(path)) {
    throw new UsageError(`${path} does not exist; expected a CityLearn dataset folder (with schema.json) or a profile CSV file`);
  }
  if (statSync(path).isDirectory() && !isCityLearnFolder(path)) {
    throw new UsageError(`${path} is a folder without schema.json; expected a CityLearn dataset folder or a profile CSV file`);
  }
}

/**
 * The scenario a command runs: `--dataset <path>` (a CityLearn folder or a profile CSV, see `scenarioFromDataset`,
 * read with the data options) or `--scenario <name>` from the registry (default `seed`), not both.
 */
export function scenarioFromCommandLine(values: Partial<OptionValues<typeof SCENARIO_OPTIONS>>, defaultScenario = "seed"): Scenario {
  const dataset = values.dataset;
  if (dataset === undefined) {
    try {
      return getScenario(values.scenario ?? defaultScenario);
    } catch (error) {
      throw new UsageError(`--scenario: ${(error as Error).message}`);
    }
  }
  if (values.scenario !== undefined) {
    throw new UsageError("--scenario and --dataset both given; give one of them (a preset name or a data path)");
  }
  checkDatasetPath(dataset);
  return scenarioFromDataset(dataset, datasetReadOptions(values));
}

/**
 * The scenario with `--env-config` (flat or by concern, read into the flat form) over its configuration and the
 * comparison defaults under it, validated with field paths (`--env-config.feederCapacityKw: ...`).
 */
export function withEnvConfig(scenario: Scenario, overrides: Record<string, unknown> | undefined): Scenario {
  try {
    const config = comparisonConfig({ ...scenario.config, ...readGridConfigInput(overrides, "--env-config") });
    parseGridConfig(config, "--env-config");
    return { ...scenario, config };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
