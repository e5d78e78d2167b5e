import { writeFileSync } from "node:fs";
import type { Policy, Scenario } from "@grid/env";
import { PERTURBATION_FAMILIES, parseStressSuite, runStress, type StressReport, type StressSuite, stressTableMarkdown } from "@grid/robustness";
import { type Command, UsageError } from "../command.js";
import { comparisonConfig } from "../runs/scenario.js";
import { DATASET_READ_OPTIONS, DATASET_READ_USAGE, scenarioFromCommandLine } from "./data.js";
import { readConfigOverrides } from "./evaluate.js";
import { readJsonArgument } from "./json-argument.js";
import { fallbackFactory, POLICY_SOURCE_OPTIONS, type PolicySource, policySources } from "./policy-source.js";

/** The suite of the command line: `--suite` with `--families` and `--seeds` over it, validated with field paths. */
function commandSuite(values: { suite?: Record<string, unknown>; families?: string; seeds?: number }) {
  const suite = {
    ...values.suite,
    ...(values.families !== undefined ? { families: values.families.split(",").map((family) => family.trim()) } : {}),
    ...(values.seeds !== undefined ? { seeds: values.seeds } : {}),
  };
  try {
    return parseStressSuite(suite, "--suite");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The reports as JSON: non-finite numbers as null. */
function reportsJson(reports: { report: StressReport; notes: string[] }[], scenario: string): string {
  const body = { scenario, reports: reports.map(({ report, notes }) => ({ notes, ...report })) };
  return JSON.stringify(body, (_key, value) => (typeof value === "number" && !Number.isFinite(value) ? null : value));
}

/** Runs the suite for one policy, with progress on standard error. */
async function stressOne(source: PolicySource, scenario: Scenario, suite: StressSuite, fallback: () => Promise<Policy>): Promise<StressReport> {
  const report = await runStress(
    { name: source.name, policies: source.factories, fallback },
    {
      profiles: scenario.loadProfiles(),
      config: source.config,
      testDays: scenario.testDays,
      suite,
      onRun: (done, total, label) => process.stderr.write(`\r  ${source.name}: ${done}/${total} runs  ${label}`.padEnd(70)),
    },
  );
  process.stderr.write("\n");
  return report;
}

export const stressCommand: Command = {
  name: "stress",
  summary: "Stress-test a policy on the test days (sensor, forecast, communication, weather, drift, agent-failure) against it unperturbed",
  usage: `grid stress (--policy <name[,name...]> | --checkpoint <dir[,dir...]>) [--scenario <name> | --dataset <path>] [--suite <json|file>] [--json]

  --policy <name[,name...]>      baselines (rule, mpc, ...), each stressed in turn
  --checkpoint <dir[,dir...]>    trained policies of one algorithm (grid train --out), one per training seed
  --policy-options <json>        the baselines' options as a JSON object, e.g. '{"horizonHours": 6}' for mpc
  --scenario <name>              scenario preset (default: seed); grid list shows them
  --dataset <path>               a CityLearn dataset folder (with schema.json) or a profile CSV, as a scenario
  --config <file.json>           environment configuration fields (camelCase) overriding the scenario's
  --suite <json|file.json>       the stress suite: perturbations, seeds, fallback, families (default: every family at
                                 three severities; see packages/robustness/README.md)
  --families <a,b,...>           only these perturbation families: ${PERTURBATION_FAMILIES.join(", ")}
  --seeds <n>                    evaluation seeds of each random case (default 3)
  --fallback <name>              the baseline that acts for agents with invalid measurements (default rule; rule-data
                                 reads its thresholds from the training days)
  --out <file.json>              also write the reports as JSON to this file
  --json                         print the reports as one JSON object

Every run is the policy behind the fallback (it acts for agents whose measurements are NaN or stale). Rows: cost
($/day at the day-ahead price), violating steps and comfort overflow per day with 95% intervals over policy seeds x
evaluation seeds, and the change against the same policy unperturbed.
${DATASET_READ_USAGE}`,
  options: {
    ...POLICY_SOURCE_OPTIONS,
    suite: { type: "string" },
    families: { type: "string" },
    seeds: { type: "string" },
    fallback: { type: "string" },
    out: { type: "string" },
    json: { type: "boolean", default: false },
    ...DATASET_READ_OPTIONS,
  },
  async run(values) {
    const scenario = scenarioFromCommandLine(values);
    const config = comparisonConfig(values.config === undefined ? scenario.config : readConfigOverrides(String(values.config), scenario.config));
    const seeds = values.seeds === undefined ? undefined : Number(values.seeds);
    if (seeds !== undefined && !(Number.isInteger(seeds) && seeds >= 1)) throw new UsageError(`--seeds: "${values.seeds}" is not a whole number >= 1`);
    const suite = commandSuite({ suite: readJsonArgument(values.suite as string | undefined, "--suite"), families: values.families as string | undefined, seeds });
    const given = { policy: values.policy as string | undefined, checkpoint: values.checkpoint as string | undefined, policyOptions: readJsonArgument(values["policy-options"] as string | undefined, "--policy-options") };
    const sources = await policySources(given, config, scenario.trainDays);
    const reports = [];
    for (const source of sources) {
      const fallback = await fallbackFactory(values.fallback as string | undefined, source.config, scenario.trainDays);
      reports.push({ report: await stressOne(source, scenario, suite, fallback), notes: source.notes });
    }
    const json = reportsJson(reports, scenario.name);
    if (values.out !== undefined) writeFileSync(String(values.out), `${json}\n`);
    if (values.json) {
      console.log(json);
      return 0;
    }
    const days = `${scenario.testDays.first}-${scenario.testDays.last}`;
    for (const { report, notes } of reports) {
      const seedText = `${report.policySeeds} policy seed(s), ${report.evaluationSeeds} evaluation seeds per random case`;
      console.log(`${report.policy} on ${scenario.name}, test days ${days}: ${seedText}, fallback ${report.fallback} (${report.elapsedSeconds.toFixed(0)} s)`);
      for (const note of notes) console.log(`  note: ${note}`);
      console.log(`\n${stressTableMarkdown(report)}\n`);
    }
    return 0;
  },
};
