import { writeFileAtomic } from "@grid/profiles";
import type { Policy, Scenario } from "@grid/env";
import { PERTURBATION_FAMILIES, parseStressSuite, runStress, type StressReport, type StressSuite, stressTableMarkdown } from "@grid/robustness";
import { jsonObject, numeric, text } from "../cli/option-table.js";
import { defineCommand, UsageError } from "../command.js";
import { fallbackFactory, type PolicySource, policySources } from "./policy-source.js";
import { ENV_CONFIG_OPTION, JSON_OPTION, SCENARIO_OPTIONS, scenarioFromCommandLine, withEnvConfig } from "./scenario-options.js";

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

export const stressCommand = defineCommand({
  name: "stress",
  summary: "Stress-test a policy on the test days (sensor, forecast, communication, weather, drift, agent-failure) against it unperturbed",
  options: {
    policy: text("--policy <name[,name...]>", "baselines (rule, mpc, ...), each stressed in turn"),
    checkpoint: text("--checkpoint <dir[,dir...]>", "trained policies of one algorithm (grid train --out), one per training seed"),
    policyOptions: jsonObject("--policy-options <json|file>", `the baseline's options, e.g. '{"horizonHours": 6}' for mpc`),
    ...SCENARIO_OPTIONS,
    envConfig: ENV_CONFIG_OPTION,
    suite: jsonObject("--suite <json|file>", "the stress suite: perturbations, seeds, fallback, families (default: every family at three severities)"),
    families: text("--families <a,b,...>", `only these perturbation families: ${PERTURBATION_FAMILIES.join(", ")}`),
    seeds: numeric("--seeds <n>", "evaluation seeds of each random case (default 3)", { whole: true, atLeast: 1 }),
    fallback: text("--fallback <name>", "the baseline that acts for agents with invalid measurements (default rule; rule-data reads its thresholds from the training days)"),
    out: text("--out <file.json>", "also write the report as JSON to this file"),
    json: JSON_OPTION,
  },
  notes:
    "Every run is the policy behind the fallback (the rule acts for agents whose measurements are NaN or stale). Rows: cost ($/day at the\n" +
    "day-ahead price), violating steps and comfort overflow per day with 95% intervals over policy seeds x evaluation seeds, and the change\n" +
    "against the same policy unperturbed. See packages/robustness/README.md for the suite's fields.",
  async run(values) {
    const scenario = withEnvConfig(scenarioFromCommandLine(values), values.envConfig);
    const suite = commandSuite(values);
    const sources = await policySources(values, scenario.config, scenario.trainDays);
    const reports = [];
    for (const source of sources) {
      const fallback = await fallbackFactory(values.fallback, source.config, scenario.trainDays);
      reports.push({ report: await stressOne(source, scenario, suite, fallback), notes: source.notes });
    }
    const json = reportsJson(reports, scenario.name);
    if (values.out !== undefined) writeFileAtomic(values.out, `${json}\n`);
    if (values.json) {
      console.log(json);
      return 0;
    }
    const days = `${scenario.testDays.first}-${scenario.testDays.last}`;
    for (const { report, notes } of reports) {
      const seeds = `${report.policySeeds} policy seed(s), ${report.evaluationSeeds} evaluation seeds per random case`;
      console.log(`${report.policy} on ${scenario.name}, test days ${days}: ${seeds}, fallback ${report.fallback} (${report.elapsedSeconds.toFixed(0)} s)`);
      for (const note of notes) console.log(`  note: ${note}`);
      console.log(`\n${stressTableMarkdown(report)}\n`);
    }
    return 0;
  },
});
