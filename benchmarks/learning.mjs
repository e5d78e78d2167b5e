// Learning quality of the algorithms: each algorithm trains for a time budget per seed on the scenario's training
// days, then its greedy policy is evaluated on the test days with the evaluation protocol of @grid/baselines,
// next to rule and the perfect-foresight optimum on the same days.
// Usage: node benchmarks/learning.mjs [--algos ippo,mappo] [--seeds 5] [--seconds 600] [--scenario seed]
//        [--train-config '{"rewardStructure":"mixed"}'] [--env-config '{"flexBudgetEnforced":true}']
//        [--config '{"entropyCoefficient":0.01}'] [--steps 600000] [--episode-starts day-start|any-step] [--backend wasm] [--json out.json]   (after pnpm build)
// --env-config changes the environment of every policy (learners, rule, optimal: training and evaluation alike);
// --train-config only the learners' training environment; --steps stops training at that many env-steps.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { selectBackend, trainOnScenario } from "@grid/algos";
import { createBaseline, evaluatePolicy } from "@grid/baselines";
import { getScenario } from "@grid/env";

const { values } = parseArgs({
  options: {
    algos: { type: "string", default: "ippo,mappo,maddpg,ac-ctde" },
    seeds: { type: "string", default: "5" },
    seconds: { type: "string", default: "600" },
    scenario: { type: "string", default: "seed" },
    "train-config": { type: "string", default: "{}" },
    config: { type: "string", default: "{}" },
    "env-config": { type: "string", default: "{}" },
    steps: { type: "string" },
    "episode-starts": { type: "string", default: "any-step" },
    backend: { type: "string" },
    json: { type: "string" },
  },
});
const backend = await selectBackend(values.backend);
const baseScenario = getScenario(values.scenario);
const scenario = { ...baseScenario, config: { ...baseScenario.config, ...JSON.parse(values["env-config"]) } };
const profiles = scenario.loadProfiles();
const days = scenario.testDays;
const rule = evaluatePolicy(await createBaseline("rule"), { profiles, config: scenario.config, days });
const optimal = evaluatePolicy(await createBaseline("optimal"), { profiles, config: { ...scenario.config, actionMode: "continuous" }, days });
const ruleCost = rule.aggregate.systemCostUsd;
const optimalCost = optimal.aggregate.systemCostUsd;
console.log(`${scenario.name}, test days ${days.first}-${days.last}, backend ${backend}: rule ${ruleCost.toFixed(3)} $/day, optimal ${optimalCost.toFixed(3)} $/day (system cost)`);

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)));
const rows = [];
for (const algorithm of values.algos.split(",")) {
  const runs = [];
  for (let seed = 0; seed < Number(values.seeds); seed++) {
    const started = performance.now();
    const result = trainOnScenario({
      algorithm,
      scenario,
      seed,
      timeBudgetSeconds: Number(values.seconds),
      maxEnvSteps: values.steps ? Number(values.steps) : undefined,
      episodeStarts: values["episode-starts"],
      config: JSON.parse(values.config),
      trainingEnvConfig: JSON.parse(values["train-config"]),
    });
    const aggregate = result.evaluation.aggregate;
    const run = {
      seed,
      energyCostUsd: aggregate.energyCostUsd,
      systemCostUsd: aggregate.systemCostUsd,
      violatingSteps: aggregate.violatingSteps,
      congestionSteps: aggregate.congestionSteps,
      exportViolationSteps: aggregate.exportViolationSteps,
      equivalentFullCycles: aggregate.equivalentFullCycles,
      flexUsedKwh: aggregate.flexUsedKwh,
      comfortOverflowKwh: aggregate.comfortOverflowKwh,
      gapClosed: (ruleCost - aggregate.systemCostUsd) / (ruleCost - optimalCost),
      envSteps: result.trainer.envSteps,
      trainingSeconds: result.trainingSeconds,
      wallSeconds: (performance.now() - started) / 1000,
      envStepsPerSecond: result.envStepsPerSecond,
    };
    result.trainer.dispose();
    runs.push(run);
    console.log(JSON.stringify({ algorithm, ...run }));
  }
  const pick = (key) => runs.map((run) => run[key]);
  rows.push({
    algorithm,
    seeds: runs.length,
    energyCostUsd: [mean(pick("energyCostUsd")), std(pick("energyCostUsd"))],
    systemCostUsd: [mean(pick("systemCostUsd")), std(pick("systemCostUsd"))],
    violatingSteps: mean(pick("violatingSteps")),
    gapClosed: [mean(pick("gapClosed")), std(pick("gapClosed"))],
    trainingSeconds: mean(pick("trainingSeconds")),
    envStepsPerSecond: mean(pick("envStepsPerSecond")),
    runs,
  });
}
console.log("\n| algorithm | seeds | energy $/day (mean ± sd) | system $/day (mean ± sd) | violating steps/day | gap closed (system) | train s/seed | env-steps/s |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const row of rows) {
  console.log(
    `| ${row.algorithm} | ${row.seeds} | ${row.energyCostUsd[0].toFixed(3)} ± ${row.energyCostUsd[1].toFixed(3)} | ${row.systemCostUsd[0].toFixed(3)} ± ${row.systemCostUsd[1].toFixed(3)} | ${row.violatingSteps.toFixed(2)} | ${(100 * row.gapClosed[0]).toFixed(1)}% ± ${(100 * row.gapClosed[1]).toFixed(1)} | ${row.trainingSeconds.toFixed(0)} | ${Math.round(row.envStepsPerSecond)} |`,
  );
}
if (values.json) writeFileSync(values.json, `${JSON.stringify({ scenario: scenario.name, backend, ruleCost, optimalCost, rows }, null, 2)}\n`);
