import { evaluatePolicy, IdlePolicy } from "@grid/baselines";
import { getScenario, stepsPerDay } from "@grid/env";
import type { Command } from "../command.js";

export const simulateCommand: Command = {
  name: "simulate",
  summary: "Run one episode of a scenario with no control and print its domain metrics",
  usage: `grid simulate [--scenario <name>] [--day <n>] [--json]

  --scenario <name>  scenario preset (default: seed)
  --day <n>          day of the scenario's table to simulate (default: its first test day)
  --json             print one JSON object instead of a table

The metrics are the evaluation protocol's (grid evaluate --policy idle on one day).`,
  options: {
    scenario: { type: "string", default: "seed" },
    day: { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values) {
    const scenario = getScenario(String(values.scenario));
    const profiles = scenario.loadProfiles();
    const day = values.day === undefined ? scenario.testDays.first : Number(values.day);
    const result = evaluatePolicy(new IdlePolicy(), { profiles, config: scenario.config, startSteps: [day * stepsPerDay(profiles)] });
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
      for (const [key, value] of Object.entries(metrics)) console.log(`  ${key.padEnd(22)} ${value.toFixed(3)}`);
    }
    return 0;
  },
};
