// Bit-for-bit equivalence of this checkout's VecGridEnv with another checkout's, on random configurations and actions:
// the check a change to the kernel that means to keep every trajectory (a refactor, a speed-up) runs before it lands.
// Every observation, state, reward, done and step-info value is compared with Object.is after every step, and
// invalid actions must fail with the same message.
//
//   node benchmarks/env-equivalence.mjs --base <checkout with a built packages/env> [--trials 300] [--steps 250]
//
// A configuration one build refuses (a field the older one does not know) is skipped and counted.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { VecGridEnv } from "@grid/env";
import { generateSyntheticProfiles } from "@grid/profiles";

const { values } = parseArgs({ options: { base: { type: "string" }, trials: { type: "string", default: "300" }, steps: { type: "string", default: "250" } } });
if (!values.base) throw new Error("--base: missing; expected the path of a checkout whose packages/env is built");
const trials = Number(values.trials);
const steps = Number(values.steps);
if (!Number.isInteger(trials) || trials < 1) throw new Error(`--trials: "${values.trials}"; expected a whole number >= 1`);
if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps: "${values.steps}"; expected a whole number >= 1`);
const BaseEnv = (await import(pathToFileURL(resolve(values.base, "packages/env/dist/index.js")).href)).VecGridEnv;
const profiles = generateSyntheticProfiles({ days: 12 });

let seed = 12345;
/** A fixed linear congruential stream, so every run draws the same configurations. */
const uniform = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (choices) => choices[Math.floor(uniform() * choices.length)];

function randomConfig(numConsumers) {
  const guard = uniform() < 0.5;
  return {
    consumerShares: new Array(numConsumers).fill(1 / numConsumers),
    flexKw: 3 / numConsumers,
    feederCapacityKw: pick([7, 8.5, 9.5, 12]),
    exportLimitKw: pick([3, 5, 100]),
    actionMode: uniform() < 0.7 ? "discrete" : "continuous",
    actionLevels: pick([3, 5, 21]),
    actionLevelExponent: pick([1, 2]),
    rewardStructure: pick(["article", "individual", "team", "mixed", "difference"]),
    rewardAlpha: pick([0.3, 0.5]),
    communication: pick(["none", "broadcast", "global-state"]),
    communicationDelaySteps: pick([0, 1, 4]),
    communicationDropProbability: pick([0, 0.3]),
    forecastFeatures: pick(["none", "lookahead"]),
    forecastNoiseStd: pick([0, 0.1]),
    observationNoiseStd: pick([0, 0.05]),
    flexibilityMode: pick(["curtail", "shift"]),
    flexBudgetEnforced: uniform() < 0.5,
    differenceSharesViolations: uniform() < 0.3,
    teamCostPrice: pick(["retail", "day-ahead"]),
    initialSocSpread: pick([0, 0.5]),
    feederGuard: guard,
    guardLookaheadHours: guard ? pick([0, 6, 24]) : 0,
    guardForecast: pick(["oracle", "forecast"]),
    guardForecastMarginStd: pick([0, 2]),
    batteryReserveFraction: pick([0, 0.1]),
    batteryHeadroomFraction: pick([0, 0.1]),
  };
}

function sameValues(a, b, what) {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} values against ${b.length}`);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: ${a[i]} against ${b[i]}`);
}

/** Builds both envs of a trial, or undefined when either build refuses the configuration. */
function bothEnvs(options) {
  try {
    return [new VecGridEnv(options), new BaseEnv(options)];
  } catch {
    return undefined;
  }
}

function runTrial(trial, here, base, discrete) {
  here.reset({ seed: trial });
  base.reset({ seed: trial });
  const actions = new Float32Array(here.numAgents * here.numEnvs);
  for (let step = 0; step < steps; step++) {
    for (let i = 0; i < actions.length; i++) actions[i] = discrete ? Math.floor(uniform() * here.numActions) : uniform() * 2.4 - 1.2;
    here.step(actions);
    base.step(actions);
    const where = `trial ${trial}, step ${step}`;
    for (const key of ["observations", "states", "rewards", "dones"]) sameValues(here[key], base[key], `${where}: ${key}`);
    for (const key of Object.keys(here.info)) sameValues(here.info[key], base.info[key], `${where}: info.${key}`);
  }
}

let compared = 0;
let skipped = 0;
for (let trial = 0; trial < trials; trial++) {
  const config = randomConfig(1 + Math.floor(uniform() * 5));
  const options = { profiles, numEnvs: pick([1, 2, 3, 5]), seed: trial, config, autoReset: uniform() < 0.8 };
  const envs = bothEnvs(options);
  if (!envs) {
    skipped++;
    continue;
  }
  runTrial(trial, envs[0], envs[1], config.actionMode === "discrete");
  compared++;
}
const here = new VecGridEnv({ profiles, numEnvs: 1, seed: 1, config: {} });
const base = new BaseEnv({ profiles, numEnvs: 1, seed: 1, config: {} });
for (const bad of [Number.NaN, -1, 0.5, 99, 2 ** 32]) {
  const actions = new Float32Array(here.numAgents).fill(1);
  actions[0] = bad;
  const messages = [here, base].map((env) => {
    try {
      env.step(actions);
      return "accepted";
    } catch (error) {
      return error.message;
    }
  });
  if (messages[0] !== messages[1]) throw new Error(`action ${bad}: "${messages[0]}" here, "${messages[1]}" in the base`);
}
console.log(`${compared} random configurations, ${steps} steps each: bit-identical to ${values.base} (${skipped} skipped: one build refused them)`);
