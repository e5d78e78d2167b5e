#!/usr/bin/env node
// Runs the speed benchmarks one after another (`pnpm bench`, which builds first), or the ones named:
//   node benchmarks/run.mjs [env] [allocation] [baselines] [algos] [queue] [learning]
// Without names: env, allocation, baselines and algos (a few minutes on 2 cores). queue starts a loopback Redis
// (redis-server on PATH) and learning trains every algorithm for 10 minutes per seed: name them to run them.
// Each benchmark prints its own table; the figures and how they were measured are in benchmarks/RESULTS.md.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Every benchmark: its script, node's flags for it, and whether a run without names includes it. */
const BENCHMARKS = {
  env: { script: "env-speed.mjs", nodeFlags: ["--expose-gc"], byDefault: true, what: "VecGridEnv and GridEnv env-steps/s, and heap" },
  allocation: { script: "env-allocation.mjs", nodeFlags: [], byDefault: true, what: "VecGridEnv bytes allocated an env-step (default configuration)" },
  baselines: { script: "baselines-speed.mjs", nodeFlags: [], byDefault: true, what: "the LP, MPC and the evaluation protocol" },
  algos: { script: "algos-throughput.mjs", nodeFlags: [], byDefault: true, what: "training env-steps/s of ippo, with its time split" },
  queue: { script: "queue-speed.mjs", nodeFlags: [], byDefault: false, what: "a study on the local pool against grid workers on Redis" },
  learning: { script: "learning.mjs", nodeFlags: [], byDefault: false, what: "learning quality of every algorithm against rule and optimal" },
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`benchmarks/run.mjs: unknown benchmark ${unknown.join(", ")}; expected any of ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}
const chosen = names.length > 0 ? names : Object.keys(BENCHMARKS).filter((name) => BENCHMARKS[name].byDefault);
const failed = [];
for (const name of chosen) {
  const { script, nodeFlags, what } = BENCHMARKS[name];
  console.log(`\n== ${name}: ${what} (benchmarks/${script})`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(new URL(script, import.meta.url))], { stdio: "inherit" });
  console.log(`== ${name}: ${result.status === 0 ? "done" : `failed (exit ${result.status ?? result.signal})`} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (result.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`benchmarks/run.mjs: ${failed.join(", ")} failed`);
  process.exit(1);
}
