import { createReadStream, createWriteStream, existsSync, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { runShadow, type ShadowRecord, type ShadowSummary } from "@grid/robustness";
import { jsonObject, parsed, text } from "../cli/option-table.js";
import { defineCommand, UsageError } from "../command.js";
import { resolvePolicy } from "./evaluate.js";
import { fallbackFactory, policySources } from "./policy-source.js";
import { ENV_CONFIG_OPTION, SCENARIO_OPTIONS, scenarioFromCommandLine, withEnvConfig } from "./scenario-options.js";

function parseOnBadRow(given: string, flag: string): "skip" | "stop" {
  if (given === "skip" || given === "stop") return given;
  throw new UsageError(`${flag}: "${given}"; expected skip or stop`);
}

/** The stream's lines as they arrive: standard input for `-`, else the file. */
function streamLines(stream: string): AsyncIterable<string> {
  if (stream !== "-" && !existsSync(stream)) throw new UsageError(`--stream: ${stream} does not exist; expected a profile CSV file, or - for standard input`);
  const input = stream === "-" ? process.stdin : createReadStream(stream, "utf8");
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

/** Writes each record as a JSON line to the log (standard output without one); a bad row also to standard error. */
function recordWriter(log: WriteStream | undefined): (record: ShadowRecord) => void {
  return (record) => {
    const line = `${JSON.stringify(record, (_key, value) => (typeof value === "number" && !Number.isFinite(value) ? null : value))}\n`;
    if (log) log.write(line);
    else process.stdout.write(line);
    if (record.type === "bad-row") process.stderr.write(`grid shadow: bad row: ${record.issues.join("; ")}\n`);
  };
}

/** A few lines for people: what the shadowed policy did beside the baseline. */
function describeSummary(summary: ShadowSummary): string[] {
  const money = (usd: number) => `${usd.toFixed(2)} $`;
  return [
    `${summary.steps} steps (${summary.filledSteps} held from the previous row), ${summary.badRows.length} bad row(s)${summary.stoppedAtLine !== null ? `, stopped at line ${summary.stoppedAtLine}` : ""}`,
    `  ${summary.baseline} (applied): ${money(summary.baselineSystemCostUsd)}, ${summary.baselineViolatingSteps} violating steps`,
    `  ${summary.shadowed} (shadow, each step from the applied state): ${money(summary.shadowSystemCostUsd)}, ${summary.shadowViolatingSteps} violating steps`,
    `  actions differ in ${summary.divergingSteps} steps; mean |difference| ${summary.meanAbsActionDivergence.toFixed(3)}; fallback agent-steps ${summary.fallbackAgentSteps}`,
  ];
}

export const shadowCommand = defineCommand({
  name: "shadow",
  summary: "Run a policy in the shadow of a baseline on measurements as they arrive (a CSV file or standard input), one JSON line per step",
  options: {
    checkpoint: text("--checkpoint <dir>", "the shadowed policy: a trained checkpoint (grid train --out)"),
    policy: text("--policy <name>", "the shadowed policy: a baseline"),
    baseline: text("--baseline <name>", "the trusted baseline whose actions are applied", "rule"),
    stream: text("--stream <csv|->", "measurements in the profile CSV format, a file or - for standard input, read row by row as they arrive"),
    fallback: text("--fallback <name>", "the baseline that acts for the shadowed policy's agents with invalid measurements (default rule)"),
    log: text("--log <file.jsonl>", "write the JSON lines here (default: standard output) and the summary to standard output"),
    onBadRow: parsed("--on-bad-row <skip|stop>", "a malformed row is reported with its line and skipped (its step held from the previous row) or stops the run (default skip)", parseOnBadRow),
    ...SCENARIO_OPTIONS,
    envConfig: ENV_CONFIG_OPTION,
    policyOptions: jsonObject("--policy-options <json|file>", "the shadowed baseline's options"),
  },
  async run(values) {
    if (values.stream === undefined) throw new UsageError("--stream is required: a profile CSV file, or - for standard input");
    const scenario = withEnvConfig(scenarioFromCommandLine(values), values.envConfig);
    const sources = await policySources(values, scenario.config, scenario.trainDays);
    if (sources.length > 1 || sources[0].factories.length > 1) throw new UsageError("give one policy to shadow: one --checkpoint <dir> or one --policy <name>");
    const shadowed = sources[0];
    const baseline = await resolvePolicy({ policy: values.baseline }, shadowed.config, scenario.trainDays);
    const log = values.log === undefined ? undefined : createWriteStream(values.log);
    const summary = await runShadow({
      lines: streamLines(values.stream),
      file: values.stream === "-" ? "stdin" : values.stream,
      profiles: scenario.loadProfiles(),
      config: shadowed.config,
      baseline: baseline.policy,
      shadowed: await shadowed.factories[0](),
      fallback: await (await fallbackFactory(values.fallback, shadowed.config, scenario.trainDays))(),
      onBadRow: values.onBadRow ?? "skip",
      write: recordWriter(log),
    });
    if (log) await new Promise((resolve) => log.end(resolve));
    const text = describeSummary(summary).join("\n");
    if (log) console.log(`${text}\n  log: ${values.log}`);
    else process.stderr.write(`${text}\n`);
    return summary.stoppedAtLine === null ? 0 : 1;
  },
});
