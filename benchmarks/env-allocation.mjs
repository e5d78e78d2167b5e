// Heap allocation per env-step of VecGridEnv in steady state, by V8's sampling heap profiler, with the functions that
// allocate. What the kernel allocates per step becomes garbage the collector must sweep during training.
//
//   node benchmarks/env-allocation.mjs [options]   (after npx -y pnpm@10.34.8 build)
//     --config <json>    configuration fields over the bench feeder's (env-fixture.mjs), e.g. '{"rewardStructure":"difference"}'
//     --envs <n>         copies (default 64)
//     --steps <n>        steps sampled (default 2000)
//     --warmup <n>       steps before sampling, for V8 to compile the kernel's optimised code (default 20000; after
//                        5,000, one run in a dozen still sampled some code before it was optimised)
//     --base <checkout>  another checkout's built @grid/env instead of this one's
import { Session } from "node:inspector/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { generateSyntheticProfiles } from "@grid/profiles";
import { actionTables, benchEnvOptions } from "./env-fixture.mjs";

const { values } = parseArgs({
  options: { config: { type: "string", default: "{}" }, envs: { type: "string", default: "64" }, steps: { type: "string", default: "2000" }, warmup: { type: "string", default: "20000" }, base: { type: "string" } },
});
const numEnvs = Number(values.envs);
const steps = Number(values.steps);
const warmup = Number(values.warmup);
for (const [name, value] of [["--envs", numEnvs], ["--steps", steps], ["--warmup", warmup]]) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: "${value}"; expected a whole number >= 1`);
}
const build = values.base === undefined ? await import("@grid/env") : await import(pathToFileURL(resolve(values.base, "packages/env/dist/index.js")).href);
const env = new build.VecGridEnv(benchEnvOptions(generateSyntheticProfiles({ days: 30 }), numEnvs, 3, JSON.parse(values.config)));
const tables = actionTables(env);
for (let i = 0; i < warmup; i++) env.step(tables[i % tables.length]);

const session = new Session();
session.connect();
// Every object sampled, the collected ones too: short-lived garbage is what this measures.
await session.post("HeapProfiler.startSampling", { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
for (let i = 0; i < steps; i++) env.step(tables[i % tables.length]);
const { profile } = await session.post("HeapProfiler.stopSampling");

const bytesByFunction = new Map();
(function add(node) {
  const name = `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.split("/").pop()}:${node.callFrame.lineNumber + 1}`;
  bytesByFunction.set(name, (bytesByFunction.get(name) ?? 0) + node.selfSize);
  for (const child of node.children) add(child);
})(profile.head);
const envSteps = steps * numEnvs;
const total = [...bytesByFunction.values()].reduce((sum, bytes) => sum + bytes, 0);
console.log(`${(total / envSteps).toFixed(1)} bytes allocated an env-step (${numEnvs} copies, ${steps} steps after ${warmup}, config ${values.config})`);
for (const [name, bytes] of [...bytesByFunction].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
  if (bytes > 0) console.log(`  ${(bytes / envSteps).toFixed(1)} B  ${name}`);
}
