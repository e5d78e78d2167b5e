import { createReadStream, createWriteStream, existsSync, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { runShadow, type ShadowRecord, type ShadowSummary } from "@grid/robustness";
import { type Command, UsageError } from "../command.js";
import { comparisonConfig } from "../runs/scenario.js";
import { DATASET_READ_OPTIONS, DATASET_READ_USAGE, scenarioFromCommandLine } from "./data.js";
import { readConfigOverrides } from "./evaluate.js";
import { readJsonArgument } from "./json-argument.js";
import { resolvePolicy } from "./evaluate.js";
import { fallbackFactory, POLICY_SOURCE_OPTIONS, policySources } from "./policy-source.js";

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

export const shadowCommand: Command = {
  name: "shadow",
  summary: "Run a policy in the shadow of a baseline on measurements as they arrive (a CSV file or standard input), one JSON line per step",
  usage: `grid shadow (--checkpoint <dir> | --policy <name>) [--baseline <name>] --stream <csv|-> [--log <file.jsonl>] [--on-bad-row skip|stop]

  --checkpoint <dir>          the shadowed policy: a trained checkpoint (grid train --out)
  --policy <name>             the shadowed policy: a baseline
  --policy-options <json>     the shadowed baseline's options as a JSON object
  --baseline <name>           the trusted baseline whose actions are applied (default rule)
  --stream <csv|->            measurements in the profile CSV format (timestamp, base_load_kw, solar_kw, temperature_c,
                              day_ahead_price, or load_kw:<id>/solar_kw:<id> per consumer), a file or - for standard
                              input, read row by row as they arrive and checked as grid data checks a file
  --log <file.jsonl>          write the JSON lines here (default: standard output) and the summary to standard output
  --on-bad-row <skip|stop>    a malformed row is reported with its line and skipped (its step held from the previous
                              row) or stops the run with exit code 1 (default skip)
  --fallback <name>           the baseline that acts for the shadowed policy's agents with invalid measurements (default rule)
  --scenario <name>           the feeder: a scenario preset (default: seed), its configuration and observation scales
  --dataset <path>            the feeder from a CityLearn dataset folder or a profile CSV
  --config <file.json>        environment configuration fields (camelCase) overriding the scenario's
${DATASET_READ_USAGE}`,
  options: {
    ...POLICY_SOURCE_OPTIONS,
    baseline: { type: "string", default: "rule" },
    stream: { type: "string" },
    log: { type: "string" },
    "on-bad-row": { type: "string", default: "skip" },
    fallback: { type: "string" },
    ...DATASET_READ_OPTIONS,
  },
  async run(values) {
    const stream = values.stream as string | undefined;
    if (stream === undefined) throw new UsageError("--stream is required: a profile CSV file, or - for standard input");
    const onBadRow = parseOnBadRow(String(values["on-bad-row"]), "--on-bad-row");
    const scenario = scenarioFromCommandLine(values);
    const config = comparisonConfig(values.config === undefined ? scenario.config : readConfigOverrides(String(values.config), scenario.config));
    const given = { policy: values.policy as string | undefined, checkpoint: values.checkpoint as string | undefined, policyOptions: readJsonArgument(values["policy-options"] as string | undefined, "--policy-options") };
    const sources = await policySources(given, config, scenario.trainDays);
    if (sources.length > 1 || sources[0].factories.length > 1) throw new UsageError("give one policy to shadow: one --checkpoint <dir> or one --policy <name>");
    const shadowed = sources[0];
    const baseline = await resolvePolicy({ policy: String(values.baseline) }, shadowed.config, scenario.trainDays);
    const logPath = values.log as string | undefined;
    const log = logPath === undefined ? undefined : createWriteStream(logPath);
    const summary = await runShadow({
      lines: streamLines(stream),
      file: stream === "-" ? "stdin" : stream,
      profiles: scenario.loadProfiles(),
      config: shadowed.config,
      baseline: baseline.policy,
      shadowed: await shadowed.factories[0](),
      fallback: await (await fallbackFactory(values.fallback as string | undefined, shadowed.config, scenario.trainDays))(),
      onBadRow,
      write: recordWriter(log),
    });
    if (log) await new Promise((resolve) => log.end(resolve));
    const text = describeSummary(summary).join("\n");
    if (log) console.log(`${text}\n  log: ${logPath}`);
    else process.stderr.write(`${text}\n`);
    return summary.stoppedAtLine === null ? 0 : 1;
  },
};
