import { formatQuantity } from "../format.js";
import { metricInfo } from "../metrics.js";
import { evaluatePolicy, IdlePolicy } from "@grid/baselines";
import { dayStartSteps } from "@grid/env";
import { type Command, UsageError } from "../command.js";
import { DATASET_READ_OPTIONS, DATASET_READ_USAGE, scenarioFromCommandLine } from "./data.js";

export const simulateCommand: Command = {
  name: "simulate",
  summary: "Run one episode of a scenario with no control and print its domain metrics",
  usage: `grid simulate [--scenario <name> | --dataset <path>] [--day <n>] [--json]

  --scenario <name>  scenario preset (default: seed)
  --dataset <path>   a CityLearn dataset folder or a profile CSV instead of a preset (grid data inspect <path> shows what is read)
  --day <n>          day of the scenario's table to simulate, from its first local midnight (default: its first test day)
  --json             print one JSON object instead of a table
${DATASET_READ_USAGE}

The metrics are the evaluation protocol's (grid evaluate --policy idle on one day).`,
  options: {
    scenario: { type: "string" },
    dataset: { type: "string" },
    ...DATASET_READ_OPTIONS,
    day: { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values) {
    const scenario = scenarioFromCommandLine(values);
    const profiles = scenario.loadProfiles();
    const day = values.day === undefined ? scenario.testDays.first : Number(values.day);
    if (!Number.isInteger(day) || day < 0) throw new UsageError(`--day: "${values.day}" is not a day number >= 0`);
    const startSteps = dayStartSteps(profiles, { first: day, last: day });
    const result = evaluatePolicy(new IdlePolicy(), { profiles, config: scenario.config, startSteps });
    const episode = result.episodes[0];
    const metrics = {
      energyCostUsd: episode.energyCostUsd,
      systemCostUsd: episode.systemCostUsd,
      peakImportKw: episode.peakImportKw,
      peakToAverageRatio: episode.peakToAverageRatio,
      renewableUtilization: episode.renewableUtilization,
      spilledSolarKwh: episode.spilledSolarKwh,
      violatingSteps: episode.violatingSteps,
      congestionKwh: episode.congestionKwh,
      exportViolationKwh: episode.exportViolationKwh,
      rampKw: episode.rampKw,
    };
    if (values.json) console.log(JSON.stringify({ scenario: scenario.name, day, ...metrics }));
    else {
      console.log(`${scenario.name}, day ${day}, no control (${result.consumerIds.length} consumers, ${episode.steps} steps of ${profiles.stepHours} h)`);
      for (const [key, value] of Object.entries(metrics)) console.log(`  ${key.padEnd(22)} ${formatQuantity(value, metricInfo(key).unit)}`);
    }
    return 0;
  },
};
