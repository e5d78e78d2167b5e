// The stress suite of @grid/robustness for one policy on one scenario: a baseline (--policy) or trained checkpoints
// (--checkpoint, repeated: one per training seed), the default suite, the fallback on the rule. Prints the table and
// writes the report as JSON (--out). Figures for benchmarks/RESULTS.md; `grid stress` is the same from the CLI.
//   node benchmarks/stress.mjs --policy mpc [--scenario seed] [--families sensor,weather] [--out file.json]
//   node benchmarks/stress.mjs --checkpoint runs/ippo-s0 --checkpoint runs/ippo-s1 --out ippo.json
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadPolicy, readCheckpoint } from "@grid/algos";
import { createBaseline } from "@grid/baselines";
import { getScenario } from "@grid/env";
import { runStress, stressTableMarkdown } from "@grid/robustness";

const { values } = parseArgs({
  options: {
    policy: { type: "string" },
    checkpoint: { type: "string", multiple: true },
    scenario: { type: "string", default: "seed" },
    families: { type: "string" },
    seeds: { type: "string", default: "3" },
    out: { type: "string" },
  },
});
const scenario = getScenario(values.scenario);
let config = { flexBudgetEnforced: true, ...scenario.config };
let target;
if (values.checkpoint) {
  const manifest = readCheckpoint(values.checkpoint[0]).manifest;
  const { actionMode, actionLevels, actionLevelExponent } = manifest.envConfig;
  config = { ...config, actionMode, actionLevels, actionLevelExponent };
  target = { name: manifest.algorithm, policies: values.checkpoint.map((directory) => async () => loadPolicy(directory)) };
} else {
  const name = values.policy ?? "rule";
  target = { name, policies: [async () => createBaseline(name)] };
}
const started = Date.now();
const report = await runStress(
  { ...target, fallback: async () => createBaseline("rule") },
  {
    profiles: scenario.loadProfiles(),
    config,
    testDays: scenario.testDays,
    suite: { seeds: Number(values.seeds), ...(values.families ? { families: values.families.split(",") } : {}) },
    onRun: (done, total, label) => process.stderr.write(`\r${done}/${total} ${label}          `),
  },
);
process.stderr.write("\n");
console.log(`${report.policy} on ${scenario.name}, test days ${scenario.testDays.first}-${scenario.testDays.last}: ${report.policySeeds} policy seed(s), ${report.evaluationSeeds} evaluation seeds for random cases, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
console.log(stressTableMarkdown(report));
if (values.out) writeFileSync(values.out, `${JSON.stringify({ scenario: scenario.name, config, ...report }, null, 2)}\n`);
