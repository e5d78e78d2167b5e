// Environment cost in machine instructions per env-step, counted by valgrind (callgrind), so the figure moves little
// with what else runs on the machine: on a shared 2-core machine wall-clock and even CPU-time throughput moved by 30%
// between consecutive runs of one build; these counts by under 5% (3 consumers, one copy: 5,168 and 5,406 in two runs
// of one build, 3,881 and 3,888 for another). Instructions are not time (cache misses and branch mispredictions cost
// more than their count), so use this to compare two builds of the kernel, and `pnpm bench:env` on a quiet machine
// for throughput.
//
// Each row runs VecGridEnv in a child process under `valgrind --tool=callgrind` at two step counts (JIT warm-up and
// start-up cancel out in the difference) with `node --predictable` (single-threaded, no background compilation or
// time-driven heuristics, so the count repeats) and reports the marginal instructions per env-step and per agent-step.
//
//   node benchmarks/env-instructions.mjs [--rows 1x3,1024x3,1x300,1x3g] [--base <dir of another checkout>]
//
// Rows are <numEnvs>x<consumers>, with a trailing g for the feeder guard and its 24-hour lookahead on the oracle.
// --base measures a second checkout's built @grid/env too (its packages/env/dist), alternating, with the ratio.
// Needs valgrind (`apt-get install -y valgrind`); a row takes 1-3 minutes of one core.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { actionTables, benchEnv } from "./env-fixture.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/** The child: step one VecGridEnv `steps` times through a fixed table of valid actions, nothing else. */
async function child(envDist, profilesDist, row, steps) {
  const { VecGridEnv } = await import(pathToFileURL(envDist).href);
  const { generateSyntheticProfiles } = await import(pathToFileURL(profilesDist).href);
  const { numEnvs, numConsumers, guard } = parseRow(row);
  const env = benchEnv(VecGridEnv, generateSyntheticProfiles({ days: 30 }), numEnvs, numConsumers, guard ? "oracle" : undefined);
  const tables = actionTables(env);
  for (let i = 0; i < steps; i++) env.step(tables[i % 16]);
}

function parseRow(row) {
  const match = /^(\d+)x(\d+)(g?)$/.exec(row);
  if (!match) throw new Error(`--rows: "${row}" is not <numEnvs>x<consumers>[g] (e.g. 1x3, 1024x3, 1x3g)`);
  return { numEnvs: Number(match[1]), numConsumers: Number(match[2]), guard: match[3] === "g" };
}

/** Instructions valgrind counts for the child at `steps` steps. */
function countInstructions(checkout, row, steps) {
  const envDist = join(checkout, "packages/env/dist/index.js");
  const profilesDist = join(checkout, "packages/profiles/dist/index.js");
  const args = ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, "--predictable", fileURLToPath(import.meta.url)];
  const result = spawnSync("valgrind", [...args, "--child", envDist, profilesDist, row, String(steps)], { encoding: "utf8" });
  if (result.error) throw new Error(`valgrind: ${result.error.message}; install it with apt-get install -y valgrind`);
  const refs = /I\s+refs:\s+([\d,]+)/.exec(result.stderr);
  if (result.status !== 0 || !refs) throw new Error(`valgrind on ${row} (${checkout}) failed:\n${result.stderr.slice(-2000)}`);
  return Number(refs[1].replaceAll(",", ""));
}

/** Marginal instructions per env-step of `row` for the build in `checkout`: the difference between two step counts. */
function perEnvStep(checkout, row) {
  const { numEnvs, numConsumers } = parseRow(row);
  // Enough steps for the JIT to settle (at least 300 calls of step()) and some 500,000 agent-steps in the first count.
  const steps = Math.max(300, Math.ceil(500_000 / (numEnvs * (numConsumers + 2))));
  const low = countInstructions(checkout, row, steps);
  const high = countInstructions(checkout, row, 3 * steps);
  return (high - low) / (2 * steps * numEnvs);
}

async function main() {
  const { values } = parseArgs({ options: { rows: { type: "string", default: "1x3,1024x3,1x30,1x300,1x3g" }, base: { type: "string" } } });
  const rows = values.rows.split(",");
  rows.forEach(parseRow);
  const checkout = resolve(here, "..");
  const base = values.base === undefined ? undefined : resolve(values.base);
  console.log(`# VecGridEnv instructions per env-step (valgrind callgrind, node --predictable ${process.version})`);
  console.log("");
  console.log(base ? `| row | this checkout | ${base} | base / this |` : "| row | instructions per env-step | per agent-step |");
  console.log(base ? "| --- | ---: | ---: | ---: |" : "| --- | ---: | ---: |");
  for (const row of rows) {
    const { numConsumers } = parseRow(row);
    const current = perEnvStep(checkout, row);
    if (base) {
      const before = perEnvStep(base, row);
      console.log(`| ${row} | ${Math.round(current)} | ${Math.round(before)} | ${(before / current).toFixed(2)} |`);
    } else console.log(`| ${row} | ${Math.round(current)} | ${Math.round(current / (numConsumers + 2))} |`);
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6]));
else await main();
