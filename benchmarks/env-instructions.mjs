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
//   node benchmarks/env-instructions.mjs [--rows 1x3,1024x3,1x300,1x3g] [--base <dir of another checkout>] [--by-function]
//
// --by-function: where the instructions go instead, per env-step by JIT-compiled JavaScript function (self cost: an
// inlined function counts in its caller), from one run of each row with `node --perf-basic-prof`, whose map of the
// JIT's code names the addresses callgrind saw; V8's builtins (inline caches, Math, typed-array methods) by name, and
// the engine's own C++ (start-up, compilation, GC) summed apart.
//
// Rows are <numEnvs>x<consumers>, with a trailing g for the feeder guard and its 24-hour lookahead on the oracle.
// --base measures a second checkout's built @grid/env too (its packages/env/dist), alternating, with the ratio.
// Needs valgrind (`apt-get install -y valgrind`); a row takes 1-3 minutes of one core.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
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
  const { numEnvs } = parseRow(row);
  const steps = stepsFor(row);
  const low = countInstructions(checkout, row, steps);
  const high = countInstructions(checkout, row, 3 * steps);
  return (high - low) / (2 * steps * numEnvs);
}

async function main() {
  const { values } = parseArgs({
    options: { rows: { type: "string", default: "1x3,1024x3,1x30,1x300,1x3g" }, base: { type: "string" }, "by-function": { type: "boolean", default: false } },
  });
  const rows = values.rows.split(",");
  rows.forEach(parseRow);
  const checkout = resolve(here, "..");
  const base = values.base === undefined ? undefined : resolve(values.base);
  if (values["by-function"]) {
    for (const row of rows) printFunctionTable(row, [checkout, ...(base ? [base] : [])]);
    return;
  }
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

/** Steps of a row's run: enough for the JIT to settle (at least 300 calls of step()) and some 500,000 agent-steps. */
function stepsFor(row) {
  const { numEnvs, numConsumers } = parseRow(row);
  return Math.max(300, Math.ceil(500_000 / (numEnvs * (numConsumers + 2))));
}

/**
 * Instructions per env-step by function for `row` in `checkout`: callgrind's self cost of each function over one run
 * of 3 x `stepsFor(row)` steps, JIT code named through the perf map `--perf-basic-prof` writes.
 */
function functionCosts(checkout, row) {
  const { numEnvs } = parseRow(row);
  const steps = 3 * stepsFor(row);
  const dir = mkdtempSync(join(tmpdir(), "env-instructions-"));
  try {
    const out = join(dir, "callgrind.out");
    const args = ["--tool=callgrind", `--callgrind-out-file=${out}`, process.execPath, "--predictable", "--perf-basic-prof", fileURLToPath(import.meta.url)];
    const envDist = join(checkout, "packages/env/dist/index.js");
    const profilesDist = join(checkout, "packages/profiles/dist/index.js");
    const result = spawnSync("valgrind", [...args, "--child", envDist, profilesDist, row, String(steps)], { encoding: "utf8", cwd: dir });
    if (result.status !== 0) throw new Error(`valgrind on ${row} (${checkout}) failed:\n${result.stderr.slice(-2000)}`);
    const perfMap = `/tmp/perf-${/==(\d+)== I\s+refs/.exec(result.stderr)?.[1]}.map`;
    const jit = readPerfMap(perfMap);
    rmSync(perfMap, { force: true });
    const costs = new Map();
    for (const [name, cost] of selfCosts(readFileSync(out, "utf8"))) {
      const label = name.startsWith("0x")
        ? (jit(Number.parseInt(name, 16)) ?? "(other JIT code)")
        : name.startsWith("Builtins_")
          ? `V8 builtin ${name.slice("Builtins_".length)}`
          : "(engine: C++ and libraries, start-up included)";
      costs.set(label, (costs.get(label) ?? 0) + cost / (steps * numEnvs));
    }
    return costs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each function's self cost in a callgrind file (events: Ir); a cost line after `calls=` is the call's inclusive cost, not counted. */
function selfCosts(text) {
  const names = new Map();
  const costs = new Map();
  let current;
  let afterCall = false;
  for (const line of text.split("\n")) {
    const named = /^(c?fn)=\((\d+)\)(?: (.+))?$/.exec(line);
    if (named) {
      if (named[3] !== undefined) names.set(named[2], named[3]);
      if (named[1] === "fn") current = named[2];
    } else if (line.startsWith("calls=")) afterCall = true;
    else if (/^[0-9+*-]/.test(line)) {
      if (!afterCall && current !== undefined) {
        const name = names.get(current) ?? "?";
        costs.set(name, (costs.get(name) ?? 0) + Number(line.trim().split(/\s+/).at(-1)));
      }
      afterCall = false;
    }
  }
  return costs;
}

/** A lookup from a code address to the JIT function holding it, from a perf map (`start size name`, hex). */
function readPerfMap(path) {
  const entries = readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [start, size, ...name] = line.split(" ");
      return { start: Number.parseInt(start, 16), size: Number.parseInt(size, 16), name: name.join(" ") };
    })
    .sort((left, right) => left.start - right.start);
  return (address) => {
    let low = 0;
    let high = entries.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const entry = entries[middle];
      if (address < entry.start) high = middle - 1;
      else if (address >= entry.start + entry.size) low = middle + 1;
      else return entry.name.replace(/ file:\/\/\S*\//, " ").replace(/^JS:\*/, "");
    }
    return undefined;
  };
}

/** Prints a row's functions by instructions per env-step, one column per checkout (those over 10 instructions in any). */
function printFunctionTable(row, checkouts) {
  const tables = checkouts.map((checkout) => functionCosts(checkout, row));
  const names = [...new Set(tables.flatMap((table) => [...table.keys()]))].filter((name) => tables.some((table) => (table.get(name) ?? 0) >= 10));
  names.sort((left, right) => (tables[0].get(right) ?? 0) - (tables[0].get(left) ?? 0));
  console.log(`\n## ${row}: instructions per env-step by function (self cost; an inlined function counts in its caller)\n`);
  console.log(`| function | ${checkouts.join(" | ")} |`);
  console.log(`| --- |${checkouts.map(() => " ---: |").join("")}`);
  for (const name of names) console.log(`| ${name} | ${tables.map((table) => Math.round(table.get(name) ?? 0)).join(" | ")} |`);
  console.log(`| total | ${tables.map((table) => Math.round([...table.values()].reduce((sum, cost) => sum + cost, 0))).join(" | ")} |`);
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6]));
else await main();
