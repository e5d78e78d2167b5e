import { formatNumber, formatQuantity } from "../format.js";
import { metricInfo } from "../metrics.js";
import { readFileSync } from "node:fs";
import {
  createBaseline,
  type EvaluationResult,
  evaluatePolicy,
  isBaselineName,
  listBaselines,
  PlanningError,
} from "@grid/baselines";
import {
  ConfigError,
  type DayRange,
  dayStartSteps,
  type GridConfigInput,
  type Policy,
  parseGridConfig,
} from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import { loadPolicy, readCheckpoint, selectBackend } from "@grid/algos";
import { type Command, UsageError } from "../command.js";
import { comparisonConfig } from "../runs/scenario.js";
import { DATASET_READ_OPTIONS, DATASET_READ_USAGE, scenarioFromCommandLine } from "./data.js";

const BASELINE_NAMES = listBaselines().map((info) => info.name);

/** Parses `--days`: `first-last` or one day, whole numbers, inclusive. */
export function parseDayRange(text: string): DayRange {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(text);
  if (!match) throw new UsageError(`--days: "${text}" is not a day range; expected "first-last" (like 0-19) or one day (like 3)`);
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (last < first) throw new UsageError(`--days: "${text}" ends before it starts; expected first <= last`);
  return { first, last };
}

/** Reads `--config`: a JSON object of environment configuration fields (camelCase), validated on top of the scenario's. */
export function readConfigOverrides(path: string, scenarioConfig: GridConfigInput): GridConfigInput {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path}: ${(error as Error).message}`);
  }
  let overrides: unknown;
  try {
    overrides = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config: ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides)) {
    throw new UsageError(`--config: ${path} must hold one JSON object of configuration fields, like {"feederCapacityKw": 8}`);
  }
  const merged = { ...scenarioConfig, ...(overrides as GridConfigInput) };
  try {
    parseGridConfig(merged, "config");
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--config: ${path}: ${error.message}`);
    throw error;
  }
  return merged;
}

/** Reads `--policy-options`: a JSON object handed to the baseline's constructor. */
function parsePolicyOptions(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const value = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(`--policy-options: ${text} is not a JSON object; expected e.g. '{"horizonHours": 6}'`);
}

/** A policy ready to evaluate, with the configuration it is evaluated under and what was changed for it. */
export interface ResolvedPolicy {
  policy: Policy;
  config: GridConfigInput;
  notes: string[];
}

/**
 * Resolves the policy source of the command line into a policy: a baseline by name (the one place a learned
 * policy from a checkpoint joins later). A continuous-relaxation baseline (optimal) on a discrete configuration
 * is evaluated on a continuous copy of it, and says so.
 */
export async function resolvePolicy(
  source: { policy?: string; policyOptions?: Record<string, unknown>; checkpoint?: string },
  config: GridConfigInput,
  trainDays?: DayRange,
): Promise<ResolvedPolicy> {
  if (source.checkpoint !== undefined) {
    if (source.policy !== undefined) throw new UsageError("--policy and --checkpoint: give one of them, not both");
    const backend = await selectBackend();
    const policy = loadPolicy(source.checkpoint);
    const notes = [`learned policy from ${source.checkpoint} (greedy actions, backend ${backend})`];
    // The action space belongs to the policy: evaluate it with the levels (or continuous actions) it was trained on.
    const trained = parseGridConfig(readCheckpoint(source.checkpoint).manifest.envConfig);
    const own = parseGridConfig(config);
    const sameLevels = trained.actionLevels === own.actionLevels && trained.actionLevelExponent === own.actionLevelExponent;
    if (trained.actionMode !== own.actionMode || (trained.actionMode === "discrete" && !sameLevels)) {
      config = { ...config, actionMode: trained.actionMode, actionLevels: trained.actionLevels, actionLevelExponent: trained.actionLevelExponent };
      const levels = `${trained.actionLevels} levels${trained.actionLevelExponent === 1 ? "" : ` (exponent ${trained.actionLevelExponent})`}`;
      notes.push(`evaluated with the checkpoint's action space (${trained.actionMode === "continuous" ? "continuous" : levels}); the physics is the scenario's`);
    }
    return { policy, config, notes };
  }
  const name = source.policy;
  if (name === undefined) throw new UsageError(`--policy is required; one of ${BASELINE_NAMES.join(", ")}`);
  if (!isBaselineName(name)) throw new UsageError(`--policy: unknown policy "${name}"; expected one of ${BASELINE_NAMES.join(", ")}`);
  const info = listBaselines().find((baseline) => baseline.name === name)!;
  const notes: string[] = [];
  let evaluated = config;
  if (info.continuousRelaxation && parseGridConfig(config).actionMode === "discrete") {
    evaluated = { ...config, actionMode: "continuous" };
    notes.push(
      `${name} is a continuous relaxation: evaluated with actionMode "continuous" (battery and flexibility at any power, not only the discrete levels), so its cost is a lower bound for the discrete action set too`,
    );
  }
  const options = { ...(info.needsTrainingDays && trainDays ? { trainDays } : {}), ...source.policyOptions };
  return { policy: await createBaseline(name, options), config: evaluated, notes };
}

/** The rule and optimal references on the same episodes, for `gapClosed`; undefined (with a note) when not computable. */
async function gapReferences(
  profiles: ProfileTable,
  config: GridConfigInput,
  startSteps: Int32Array,
  notes: string[],
): Promise<{ rule: EvaluationResult; optimal: EvaluationResult } | undefined> {
  try {
    const rule = evaluatePolicy(await createBaseline("rule"), { profiles, config, startSteps });
    const optimal = evaluatePolicy(await createBaseline("optimal"), { profiles, config: { ...config, actionMode: "continuous" }, startSteps });
    return { rule, optimal };
  } catch (error) {
    if (!(error instanceof PlanningError)) throw error;
    notes.push(`gapClosed not computed: ${error.message}`);
    return undefined;
  }
}

/** A metric's value (or per-consumer values) rounded, with its unit. */
function formatValue(metric: string, value: number | number[]): string {
  const { unit } = metricInfo(metric);
  return Array.isArray(value) ? `${value.map((one) => formatNumber(one)).join("  ")}${unit ? ` ${unit}` : ""}` : formatQuantity(value, unit);
}

export const evaluateCommand: Command = {
  name: "evaluate",
  summary: "Evaluate a policy on a scenario's test days with the evaluation protocol's metrics",
  usage: `grid evaluate --policy <${BASELINE_NAMES.join("|")}> [--scenario <name> | --dataset <path>] [--config <file.json>] [--days <range>] [--json] [--trace <file.csv>]

  --policy <name>            the policy: a baseline (${BASELINE_NAMES.join(", ")})
  --checkpoint <dir>         a trained policy (grid train --out), evaluated exactly as a baseline
  --policy-options <json>    the baseline's options as a JSON object, e.g. '{"horizonHours": 6}' for mpc
  --scenario <name>          scenario preset (default: seed); grid list shows them
  --dataset <path>           a CityLearn dataset folder (with schema.json) or a profile CSV, as a scenario (its last days are the test days)
  --config <file.json>       environment configuration fields (camelCase) overriding the scenario's; the flexibility
                             budget is a hard limit unless it says "flexBudgetEnforced": false
  --days <range>             days evaluated, one episode from each day's first step, e.g. 0-19 (default: the scenario's test days)
  --seed <n>                 seed of the environment's noise (forecast, observation, communication; default 0)
  --trace <file.csv>         write every step of every episode to a CSV file
  --json                     print one JSON object with the aggregated metrics under their names
${DATASET_READ_USAGE}`,
  options: {
    policy: { type: "string" },
    checkpoint: { type: "string" },
    "policy-options": { type: "string" },
    scenario: { type: "string" },
    dataset: { type: "string" },
    config: { type: "string" },
    days: { type: "string" },
    seed: { type: "string", default: "0" },
    trace: { type: "string" },
    json: { type: "boolean", default: false },
    ...DATASET_READ_OPTIONS,
  },
  async run(values) {
    const scenario = scenarioFromCommandLine(values);
    const baseConfig = comparisonConfig(values.config === undefined ? scenario.config : readConfigOverrides(String(values.config), scenario.config));
    const days = values.days === undefined ? scenario.testDays : parseDayRange(String(values.days));
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed: "${values.seed}" is not a whole number`);
    const resolved = await resolvePolicy(
      {
        policy: values.policy as string | undefined,
        policyOptions: parsePolicyOptions(values["policy-options"] as string | undefined),
        checkpoint: values.checkpoint as string | undefined,
      },
      baseConfig,
      scenario.trainDays,
    );
    const profiles = scenario.loadProfiles();
    let startSteps: Int32Array;
    try {
      startSteps = dayStartSteps(profiles, days);
    } catch (error) {
      throw new UsageError(`--days: ${(error as Error).message}`);
    }
    const notes = [...resolved.notes];
    const references = await gapReferences(profiles, baseConfig, startSteps, notes);
    const result = evaluatePolicy(resolved.policy, {
      profiles,
      config: resolved.config,
      startSteps,
      seed,
      traceCsvPath: values.trace as string | undefined,
      references,
    });
    const aggregate = result.aggregate;
    if (values.json) {
      const output = { policy: result.policy, scenario: scenario.name, days, seed, ...aggregate, consumerIds: result.consumerIds, notes };
      console.log(JSON.stringify(output, (_key, value) => (typeof value === "number" && !Number.isFinite(value) ? null : value)));
      return 0;
    }
    console.log(
      `${result.policy} on ${scenario.name}, days ${days.first}-${days.last} (${aggregate.episodes} episodes, mean per episode; ${formatQuantity(result.elapsedSeconds, "s")})`,
    );
    for (const note of notes) console.log(`  note: ${note}`);
    console.log(`  consumers: ${result.consumerIds.join("  ")}`);
    for (const [key, value] of Object.entries(aggregate)) {
      if (key === "episodes") continue;
      console.log(`  ${key.padEnd(24)} ${formatValue(key, value as number | number[])}`);
    }
    if (values.trace) console.log(`  trace written to ${values.trace}`);
    return 0;
  },
};
