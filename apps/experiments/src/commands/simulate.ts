import { formatQuantity } from "../format.js";
import { metricInfo } from "../metrics.js";
import { evaluatePolicy, IdlePolicy } from "@grid/baselines";
import { dayStartSteps } from "@grid/env";
import { numeric } from "../cli/option-table.js";
import { defineCommand } from "../command.js";
import { JSON_OPTION, SCENARIO_OPTIONS, scenarioFromCommandLine } from "./scenario-options.js";

export const simulateCommand = defineCommand({
  name: "simulate",
  summary: "Run one episode of a scenario with no control and print its domain metrics",
  options: {
    ...SCENARIO_OPTIONS,
    day: numeric("--day <n>", "day of the scenario's table to simulate, from its first local midnight (default: its first test day)", {
      whole: true,
      atLeast: 0,
    }),
    json: JSON_OPTION,
  },
  notes: "The metrics are the evaluation protocol's (grid evaluate --policy idle on one day); grid data inspect <path> shows what a dataset holds.",
  async run(values) {
    const scenario = scenarioFromCommandLine(values);
    const profiles = scenario.loadProfiles();
    const day = values.day ?? scenario.testDays.first;
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
});
