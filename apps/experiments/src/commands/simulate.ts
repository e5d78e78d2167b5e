import { getScenario, VecGridEnv } from "@grid/env";
import type { Command } from "../command.js";

export const simulateCommand: Command = {
  name: "simulate",
  summary: "Run one episode of a scenario with no control and print its domain metrics",
  usage: `grid simulate [--scenario <name>] [--day <n>] [--json]

  --scenario <name>  scenario preset (default: seed)
  --day <n>          day of the scenario's table to simulate (default: its first test day)
  --json             print one JSON object instead of a table`,
  options: {
    scenario: { type: "string", default: "seed" },
    day: { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values) {
    const scenario = getScenario(String(values.scenario));
    const profiles = scenario.loadProfiles();
    const env = new VecGridEnv({ profiles, config: scenario.config, autoReset: false });
    const perDay = Math.round(24 / profiles.stepHours);
    const day = values.day === undefined ? scenario.testDays.first : Number(values.day);
    env.reset({ startSteps: day * perDay });
    const idle = Math.floor(env.numActions / 2);
    env.actions.fill(env.numActions > 0 ? idle : 0);
    const dt = env.config.dtHours;
    let costUsd = 0;
    let peakKw = Number.NEGATIVE_INFINITY;
    let importSum = 0;
    let solarUsedKwh = 0;
    let solarAvailableKwh = 0;
    let violatingSteps = 0;
    for (let step = 0; step < env.config.episodeSteps; step++) {
      env.step();
      costUsd += env.info.energyCostUsd[0];
      peakKw = Math.max(peakKw, env.info.netImportKw[0]);
      importSum += env.info.netImportKw[0];
      solarUsedKwh += env.info.solarUsedKw[0] * dt;
      solarAvailableKwh += env.info.solarAvailableKw[0] * dt;
      if (env.info.constraintViolationKw[0] > 0) violatingSteps++;
    }
    const metrics = {
      scenario: scenario.name,
      day,
      energyCostUsd: costUsd,
      peakImportKw: peakKw,
      peakToAverageRatio: peakKw / Math.max(importSum / env.config.episodeSteps, 1e-6),
      renewableUtilization: solarUsedKwh / Math.max(solarAvailableKwh, 1e-6),
      violatingSteps,
    };
    if (values.json) console.log(JSON.stringify(metrics));
    else {
      console.log(`${scenario.name}, day ${day}, no control (${env.numConsumers} consumers, ${env.config.episodeSteps} steps of ${dt} h)`);
      for (const [key, value] of Object.entries(metrics).slice(2)) console.log(`  ${key.padEnd(22)} ${typeof value === "number" ? value.toFixed(3) : value}`);
    }
    return 0;
  },
};
