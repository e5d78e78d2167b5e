// Environment throughput: env-steps/s and agent-steps/s of VecGridEnv for numEnvs x consumers,
// the same with the feeder guard and its 24-hour lookahead on (3 consumers; on the oracle, as before guardForecast
// existed, and on the forecast model with 10% noise), and heap use after a million env-steps. Run: pnpm bench:env  (builds first), or node benchmarks/env-speed.mjs
import { VecGridEnv } from "@grid/env";
import { generateSyntheticProfiles } from "@grid/profiles";
import os from "node:os";
import { actionTables, benchEnvOptions } from "./env-fixture.mjs";

const profiles = generateSyntheticProfiles({ days: 30 });
const seconds = Number(process.env.BENCH_SECONDS ?? 1.5);

/** The feeder guard and its 24-hour lookahead, for the rows that measure the safety layer: on the oracle, and on noisy forecasts. */
const GUARD_CONFIGS = {
  oracle: { feederGuard: true, guardLookaheadHours: 24, guardForecast: "oracle" },
  forecast: { feederGuard: true, guardLookaheadHours: 24, guardForecast: "forecast", forecastNoiseStd: 0.1 },
};

function makeEnv(numEnvs, numConsumers, extraConfig = {}) {
  return new VecGridEnv(benchEnvOptions(profiles, numEnvs, numConsumers, extraConfig));
}

function measure(numEnvs, numConsumers, guard = undefined) {
  const env = makeEnv(numEnvs, numConsumers, guard ? GUARD_CONFIGS[guard] : {});
  const tables = actionTables(env);
  for (let i = 0; i < 200; i++) env.step(tables[i % tables.length]); // warm up the JIT
  let steps = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (let i = 0; i < 50; i++) env.step(tables[(steps + i) % tables.length]);
    steps += 50;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const envSteps = (steps * numEnvs) / elapsed;
  return { numEnvs, numConsumers, guard, envStepsPerSecond: envSteps, agentStepsPerSecond: envSteps * env.numAgents };
}

function heapAfterMillion() {
  const env = makeEnv(1024, 3);
  const tables = actionTables(env);
  const iterations = Math.ceil(1_000_000 / 1024);
  for (let i = 0; i < 50; i++) env.step(tables[i % tables.length]);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < iterations; i++) env.step(tables[i % tables.length]);
  global.gc?.();
  const after = process.memoryUsage().heapUsed;
  return { envSteps: iterations * 1024, heapBeforeMb: before / 2 ** 20, heapAfterMb: after / 2 ** 20 };
}

const rows = [];
for (const numConsumers of [3, 30, 300]) {
  for (const numEnvs of [1, 64, 1024]) rows.push(measure(numEnvs, numConsumers));
}
for (const guard of ["oracle", "forecast"]) for (const numEnvs of [1, 64, 1024]) rows.push(measure(numEnvs, 3, guard));
const heap = heapAfterMillion();
const format = (value) => Math.round(value).toLocaleString("en-US");
console.log(`# VecGridEnv throughput (${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}, one thread)`);
console.log("");
console.log("| consumers | numEnvs | feeder guard | env-steps/s | agent-steps/s | ns per agent-step |");
console.log("| ---: | ---: | --- | ---: | ---: | ---: |");
for (const row of rows) {
  const guard = row.guard === "oracle" ? "on, lookahead 24 h (oracle)" : row.guard === "forecast" ? "on, lookahead 24 h (forecast, noise 0.1)" : "off";
  console.log(
    `| ${row.numConsumers} | ${row.numEnvs} | ${guard} | ${format(row.envStepsPerSecond)} | ${format(row.agentStepsPerSecond)} | ${(1e9 / row.agentStepsPerSecond).toFixed(1)} |`,
  );
}
console.log("");
console.log(
  `Heap after ${format(heap.envSteps)} env-steps (numEnvs 1024, 3 consumers${global.gc ? ", after gc" : ", no --expose-gc"}): ${heap.heapBeforeMb.toFixed(1)} MB before, ${heap.heapAfterMb.toFixed(1)} MB after.`,
);
