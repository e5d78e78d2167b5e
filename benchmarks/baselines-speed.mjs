// Speed of the baselines: the perfect-foresight LP (optimal) for 3 and 100 consumers, MPC over a day, and the
// evaluation protocol for the cheap baselines. Run: npx -y pnpm@10.34.8 turbo run build --filter=@grid/baselines...
// then node benchmarks/baselines-speed.mjs  (needs ../shared for the seed-reference profiles).
import os from "node:os";
import {
  createBaseline,
  dispatchProblemFromEnv,
  evaluatePolicy,
  loadLinearSolver,
  MpcPolicy,
  solveDispatch,
} from "@grid/baselines";
import { getScenario, VecGridEnv } from "@grid/env";

const profiles = getScenario("seed-reference").loadProfiles();
const penalties = { congestionPenaltyUsdPerKwh: 1000, spillPenaltyUsdPerKwh: 1e-4 };
const days = Number(process.env.BENCH_DAYS ?? 20);

/** A feeder of `numConsumers` consumers: the article's feeder scaled by numConsumers / 3 (load, sun, limits, battery). */
function scaledFeeder(numConsumers) {
  const factor = numConsumers / 3;
  const scaled = {
    ...profiles,
    baseLoadKw: profiles.baseLoadKw.map((kw) => kw * factor),
    solarKw: profiles.solarKw.map((kw) => kw * factor),
    source: `${profiles.source} x ${factor.toFixed(2)}`,
  };
  const article = [0.45, 0.35, 0.2];
  const flex = [1.2, 1.0, 0.8];
  return {
    profiles: numConsumers === 3 ? profiles : scaled,
    config: {
      actionMode: "continuous",
      consumerShares: Array.from({ length: numConsumers }, (_, c) => article[c % 3] / factor),
      flexKw: Array.from({ length: numConsumers }, (_, c) => flex[c % 3]),
      feederCapacityKw: 9.5 * factor,
      exportLimitKw: 2 * factor,
      batteryCapacityKwh: 12 * factor,
      batteryMaxKw: 4 * factor,
    },
  };
}

function quantiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), max: sorted[sorted.length - 1] };
}

const loadStarted = performance.now();
const solver = await loadLinearSolver();
const loadMs = performance.now() - loadStarted;

function optimalSolveTimes(numConsumers, numDays) {
  const { profiles: table, config } = scaledFeeder(numConsumers);
  const env = new VecGridEnv({ profiles: table, config, autoReset: false });
  const times = [];
  let size = "";
  for (let day = 0; day < numDays; day++) {
    env.reset({ startSteps: day * 96 });
    const started = performance.now();
    const plan = solveDispatch(solver, dispatchProblemFromEnv(env, 0, 96, "perfect", penalties));
    times.push(performance.now() - started);
    size = `${plan.numColumns} columns x ${plan.numRows} rows`;
  }
  return { numConsumers, size, ...quantiles(times) };
}

// WebAssembly is compiled in tiers: the first solves run on the baseline compiler. Report the first pass over the
// days (cold, as a fresh CLI run sees it) and a third pass (warm, as a long evaluation sees it).
const optimal3Cold = { pass: "cold", ...optimalSolveTimes(3, days) };
optimalSolveTimes(3, days);
const optimal3Warm = { pass: "warm", ...optimalSolveTimes(3, days) };
const optimal100Cold = { pass: "cold", ...optimalSolveTimes(100, Math.min(days, 5)) };
optimalSolveTimes(100, Math.min(days, 5));
const optimal100Warm = { pass: "warm", ...optimalSolveTimes(100, Math.min(days, 5)) };

function mpcDay(horizonHours, actionMode, forecastNoiseStd) {
  const policy = new MpcPolicy(solver, { horizonHours });
  const started = performance.now();
  const result = evaluatePolicy(policy, { profiles, config: { actionMode, forecastNoiseStd }, startSteps: [0] });
  return {
    horizonHours,
    actionMode,
    forecastNoiseStd,
    seconds: (performance.now() - started) / 1000,
    solves: policy.solves,
    energyCostUsd: result.aggregate.energyCostUsd,
  };
}
const mpc = [mpcDay(4, "continuous", 0), mpcDay(12, "continuous", 0), mpcDay(24, "continuous", 0), mpcDay(12, "discrete", 0), mpcDay(12, "continuous", 0.1)];

const evaluations = [];
for (const name of ["idle", "rule", "random", "greedy", "optimal"]) {
  const policy = await createBaseline(name);
  const config = name === "optimal" ? { actionMode: "continuous" } : {};
  const started = performance.now();
  const result = evaluatePolicy(policy, { profiles, config, days: { first: 0, last: days - 1 } });
  evaluations.push({ name, seconds: (performance.now() - started) / 1000, energyCostUsd: result.aggregate.energyCostUsd });
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`machine: ${os.cpus().length} cores (${cpu}), Node ${process.version}; HiGHS ${solver.version.string} loaded in ${loadMs.toFixed(0)} ms`);
console.log("\noptimal: one 96-step day, build + solve (HiGHS, WebAssembly), seed-reference profiles");
for (const row of [optimal3Cold, optimal3Warm, optimal100Cold, optimal100Warm]) {
  console.log(`  ${row.numConsumers} consumers (${row.size}), ${row.pass}: median ${row.median.toFixed(1)} ms, max ${row.max.toFixed(1)} ms`);
}
console.log("\nmpc: one day (96 steps, re-planning every step), seed-reference day 0, 3 consumers");
for (const row of mpc) {
  console.log(
    `  horizon ${row.horizonHours} h, ${row.actionMode}, forecast noise ${row.forecastNoiseStd}: ${row.seconds.toFixed(2)} s, ${row.solves} solves, ${row.energyCostUsd.toFixed(3)} $/day`,
  );
}
console.log(`\nevaluatePolicy, seed-reference days 0-${days - 1} (including the idle reference run)`);
for (const row of evaluations) console.log(`  ${row.name.padEnd(8)} ${row.seconds.toFixed(3)} s, ${row.energyCostUsd.toFixed(3)} $/day`);
