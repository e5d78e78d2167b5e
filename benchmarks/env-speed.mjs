// Environment throughput: env-steps/s and agent-steps/s of VecGridEnv for numEnvs x consumers, of GridEnv (the
// PettingZoo-style view of one copy, records of actions in and of results out: what a one-copy user steps),
// the same with the feeder guard and its 24-hour lookahead on (3 consumers; on the oracle, as before guardForecast
// existed, and on the forecast model with 10% noise), 3 consumers again once six other configurations have been
// stepped in the process (as in a study's or a test run's process, where the JIT has seen more than one), and heap
// use after a million env-steps.
//
//   pnpm bench:env  (builds first), or node --expose-gc benchmarks/env-speed.mjs [options]
//     --clock wall|cpu   wall-clock time (default; on a quiet machine) or the process's CPU time, which moves less
//                        when other jobs share the cores
//     --repeats <n>      time each row n times and keep the fastest (default 1)
//     --base <checkout>  also time another checkout's built @grid/env (its packages/env/dist), row by row
//                        alternating with this one, and print both with their ratio; a build from before
//                        guardForecast (whose lookahead was the oracle) runs the guard rows without that field
//     --rows <list>      these rows instead, named <numEnvs>x<consumers> with g for the guard on the oracle, f on the
//                        forecast, m after the other configurations, v for GridEnv, d for difference rewards (the
//                        studies' recipe's) (e.g. 1x3,1x3g,1x3v,1024x3d; any sizes, e.g.
//                        2x3,4x3 to split a step's fixed cost from its cost per copy): the process runs only these (the
//                        old kernel's one-copy rows move with what the process ran before them)
//     --fresh <n>        time each row in n fresh processes per build instead (with --base alternating the two,
//                        each build alone in its process, nothing run before it) and print the medians; with --base,
//                        the median of the n pairs' ratios with its 95% bootstrap interval (@grid/stats)
import { execFileSync } from "node:child_process";
import * as thisBuild from "@grid/env";
import { generateSyntheticProfiles } from "@grid/profiles";
import { bootstrapConfidenceInterval, describe } from "@grid/stats";
import { resolve } from "node:path";
import os from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { actionTables, benchEnv, benchEnvOptions, stepOtherConfigs } from "./env-fixture.mjs";

const { values } = parseArgs({
  options: {
    clock: { type: "string", default: "wall" },
    repeats: { type: "string", default: "1" },
    base: { type: "string" },
    rows: { type: "string" },
    fresh: { type: "string" },
    // Internal, what --fresh runs: `<row>:<base|this>`, that build's figure for the row, as JSON on stdout.
    child: { type: "string" },
  },
});
if (!["wall", "cpu"].includes(values.clock)) throw new Error(`--clock: "${values.clock}"; expected wall or cpu`);
const repeats = Number(values.repeats);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats: "${values.repeats}"; expected a whole number >= 1`);
const fresh = values.fresh === undefined ? 0 : Number(values.fresh);
if (!Number.isInteger(fresh) || fresh < 0 || (values.fresh !== undefined && fresh < 2)) throw new Error(`--fresh: "${values.fresh}"; expected a whole number >= 2`);
const profiles = generateSyntheticProfiles({ days: 30 });
const seconds = Number(process.env.BENCH_SECONDS ?? 1.5);

/** Seconds since `start` on the chosen clock (`start` from the same function with no argument). */
function clock(start) {
  if (values.clock === "cpu") {
    const used = process.cpuUsage(start?.cpu);
    return start ? (used.user + used.system) / 1e6 : { cpu: used };
  }
  return start ? Number(process.hrtime.bigint() - start.wall) / 1e9 : { wall: process.hrtime.bigint() };
}

/** The fastest of `repeats` timings of the row with `build` (a built @grid/env), env-steps/s (undefined when the build cannot run it). */
function measure(build, row) {
  const stepper = row.view ? viewStepper(build.GridEnv, row.numConsumers) : vecStepper(build.VecGridEnv, row);
  if (!stepper) return undefined;
  for (let i = 0; i < 200; i++) stepper.step(i); // warm up the JIT
  let best = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    let steps = 0;
    const start = clock();
    let elapsed = 0;
    while (elapsed < seconds) {
      for (let i = 0; i < 50; i++) stepper.step(steps + i);
      steps += 50;
      elapsed = clock(start);
    }
    best = Math.max(best, (steps * stepper.numEnvs) / elapsed);
  }
  return { envStepsPerSecond: best, agentStepsPerSecond: best * stepper.numAgents };
}

/** The row's VecGridEnv, its step `i` one of the cycling action tables (undefined when the build cannot run the row). */
function vecStepper(Env, row) {
  const env = benchEnv(Env, profiles, row.numEnvs, row.numConsumers, row.guard, row.difference ? { rewardStructure: "difference" } : {});
  if (!env) return undefined;
  const tables = actionTables(env);
  return { numEnvs: row.numEnvs, numAgents: env.numAgents, step: (i) => env.step(tables[i % tables.length]) };
}

/** GridEnv of `numConsumers` consumers, its step `i` the same cycling actions as a record per agent; reset at each episode's end. */
function viewStepper(View, numConsumers) {
  const env = new View(profiles, benchEnvOptions(profiles, 1, numConsumers).config, { seed: 1 });
  env.reset();
  const records = actionTables(env.core).map((table) => Object.fromEntries(env.agents.map((agent, a) => [agent, table[a]])));
  const first = env.agents[0];
  const step = (i) => {
    if (env.step(records[i % records.length]).terminations[first]) env.reset();
  };
  return { numEnvs: 1, numAgents: env.agents.length, step };
}

function heapAfterMillion() {
  const env = benchEnv(thisBuild.VecGridEnv, profiles, 1024, 3);
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

const baseBuild = values.base === undefined ? undefined : await import(pathToFileURL(resolve(values.base, "packages/env/dist/index.js")).href);
const rows = [];
for (const numConsumers of [3, 30, 300]) for (const numEnvs of [1, 64, 1024]) rows.push({ numEnvs, numConsumers });
for (const guard of ["oracle", "forecast"]) for (const numEnvs of [1, 64, 1024]) rows.push({ numEnvs, numConsumers: 3, guard });
for (const numEnvs of [1, 1024]) rows.push({ numEnvs, numConsumers: 3, afterOthers: true });
rows.push({ numEnvs: 1, numConsumers: 3, view: true });
const ROW_KINDS = { g: "guard on the oracle", f: "guard on the forecast", m: "after others", v: "GridEnv", d: "difference rewards" };
const rowKind = (row) => (row.guard === "oracle" ? "g" : row.guard === "forecast" ? "f" : row.afterOthers ? "m" : row.view ? "v" : row.difference ? "d" : "");
const rowName = (row) => `${row.numEnvs}x${row.numConsumers}${rowKind(row)}`;

/** The row a `--rows` name describes: `<numEnvs>x<consumers>`, then one of {@link ROW_KINDS}' letters (v: one copy only). */
function parseRow(name) {
  const match = /^([1-9]\d*)x([1-9]\d*)([gfmvd]?)$/.exec(name);
  const row = match && { numEnvs: Number(match[1]), numConsumers: Number(match[2]) };
  const kind = match?.[3];
  if (kind === "g" || kind === "f") row.guard = kind === "g" ? "oracle" : "forecast";
  if (kind === "m") row.afterOthers = true;
  if (kind === "v") row.view = true;
  if (kind === "d") row.difference = true;
  if (!row || (row.view && row.numEnvs !== 1)) {
    const kinds = Object.entries(ROW_KINDS).map(([letter, kindName]) => `${letter} ${kindName}`).join(", ");
    throw new Error(`--rows: "${name}" is not a row; expected <numEnvs>x<consumers>, then nothing or one of ${kinds} (v with 1 copy), e.g. 2x3 or 1x3g; the default rows are ${rows.map(rowName).join(", ")}`);
  }
  return row;
}
if (values.rows !== undefined) rows.splice(0, rows.length, ...values.rows.split(",").map(parseRow));
/** `--child <row>:<build>`: the build's env-steps/s on the row, alone in this process (null when the build cannot run it). */
function childFigure(spec) {
  const [name, build] = spec.split(":");
  const row = parseRow(name);
  const chosen = build === "base" ? baseBuild : build === "this" ? thisBuild : undefined;
  if (!chosen) throw new Error(`--child: "${spec}"; expected <row>:base (with --base) or <row>:this`);
  if (row.afterOthers) stepOtherConfigs(chosen.VecGridEnv, profiles);
  return measure(chosen, row)?.envStepsPerSecond ?? null;
}

/** Runs this script as a `--child` for `spec` in a fresh Node process; its env-steps/s. */
function runChild(spec) {
  const args = [fileURLToPath(import.meta.url), "--clock", values.clock, "--repeats", String(repeats), "--child", spec];
  if (values.base !== undefined) args.push("--base", values.base);
  return JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8" }));
}

/** `--fresh`: the row's figures from `fresh` fresh processes per build, base and this alternating: medians, and the pairs' ratio. */
function measureFresh(row) {
  const base = [];
  const current = [];
  for (let i = 0; i < fresh; i++) {
    if (baseBuild) base.push(runChild(`${rowName(row)}:base`));
    current.push(runChild(`${rowName(row)}:this`));
  }
  const median = (figures) => {
    const envStepsPerSecond = describe(figures).median;
    return { envStepsPerSecond, agentStepsPerSecond: envStepsPerSecond * (row.numConsumers + 2) };
  };
  row.current = median(current);
  if (!baseBuild || base.includes(null)) return;
  row.base = median(base);
  row.pairRatio = bootstrapConfidenceInterval(
    current.map((figure, i) => figure / base[i]),
    "median",
    { seed: 1 },
  );
}

if (values.child !== undefined) {
  console.log(JSON.stringify(childFigure(values.child)));
  process.exit(0);
}
let othersStepped = false;
for (const row of rows) {
  if (fresh > 0) {
    measureFresh(row);
    continue;
  }
  if (row.afterOthers && !othersStepped) {
    othersStepped = true;
    if (baseBuild) stepOtherConfigs(baseBuild.VecGridEnv, profiles);
    stepOtherConfigs(thisBuild.VecGridEnv, profiles);
  }
  row.base = baseBuild && measure(baseBuild, row);
  row.current = measure(thisBuild, row);
}
const heap = heapAfterMillion();
const format = (value) => (value === undefined ? "–" : Math.round(value).toLocaleString("en-US"));
const guardLabel = (guard) => (guard === "oracle" ? "on, lookahead 24 h (oracle)" : guard === "forecast" ? "on, lookahead 24 h (forecast, noise 0.1)" : "off");
const rowLabel = (row) =>
  `${guardLabel(row.guard)}${row.afterOthers ? ", after six other configurations" : ""}${row.view ? ", GridEnv (records in and out)" : ""}${row.difference ? ", difference rewards" : ""}`;
const how = `${values.clock === "cpu" ? "per CPU-second" : "wall clock"}${repeats > 1 ? `, fastest of ${repeats}` : ""}${fresh > 0 ? `; median of ${fresh} fresh processes per build` : ""}`;
/** The row's this / base: the ratio of the figures, or with --fresh the median of the pairs' ratios and its 95% interval. */
function ratioCell(row) {
  if (!row.base) return "–";
  if (!row.pairRatio) return (row.current.envStepsPerSecond / row.base.envStepsPerSecond).toFixed(2);
  const [low, high] = row.pairRatio.confidenceInterval;
  return `${row.pairRatio.estimate.toFixed(2)} [${low.toFixed(2)}, ${high.toFixed(2)}]`;
}
console.log(`# VecGridEnv and GridEnv throughput (${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}, one thread, ${how})`);
console.log("");
if (baseBuild) {
  const ratioHead = fresh > 0 ? "this / base (median of pairs [95% CI])" : "this / base";
  console.log(`| consumers | numEnvs | feeder guard (process) | base (${values.base}): env-steps/s | this checkout: env-steps/s | ${ratioHead} |`);
  console.log("| ---: | ---: | --- | ---: | ---: | ---: |");
  for (const row of rows) {
    console.log(`| ${row.numConsumers} | ${row.numEnvs} | ${rowLabel(row)} | ${format(row.base?.envStepsPerSecond)} | ${format(row.current.envStepsPerSecond)} | ${ratioCell(row)} |`);
  }
} else {
  console.log("| consumers | numEnvs | feeder guard (process) | env-steps/s | agent-steps/s | ns per agent-step |");
  console.log("| ---: | ---: | --- | ---: | ---: | ---: |");
  for (const row of rows) {
    const { numConsumers, numEnvs, current } = row;
    console.log(
      `| ${numConsumers} | ${numEnvs} | ${rowLabel(row)} | ${format(current.envStepsPerSecond)} | ${format(current.agentStepsPerSecond)} | ${(1e9 / current.agentStepsPerSecond).toFixed(1)} |`,
    );
  }
}
console.log("");
console.log(
  `Heap after ${format(heap.envSteps)} env-steps (numEnvs 1024, 3 consumers${global.gc ? ", after gc" : ", no --expose-gc"}): ${heap.heapBeforeMb.toFixed(1)} MB before, ${heap.heapAfterMb.toFixed(1)} MB after.`,
);
