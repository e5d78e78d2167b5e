import { formatNumber, formatQuantity } from "../format.js";
import { metricInfo } from "../metrics.js";
import {
  createBaseline,
  type EvaluationResult,
  evaluatePolicy,
  isBaselineName,
  listBaselines,
  PlanningError,
} from "@grid/baselines";
import { type DayRange, dayStartSteps, type GridConfigInput, type Policy, parseGridConfig } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import { loadPolicy, readCheckpoint, selectBackend } from "@grid/algos";
import { flag, jsonObject, numeric, parsed, renamed, text } from "../cli/option-table.js";
import { defineCommand, UsageError } from "../command.js";
import { ENV_CONFIG_OPTION, SCENARIO_OPTIONS, scenarioFromCommandLine, withEnvConfig } from "./scenario-options.js";

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
    // So are the forecast features it observes (their noise, forecastNoiseStd, stays the scenario's).
    if (trained.forecastFeatures !== own.forecastFeatures || (trained.forecastFeatures !== "none" && trained.forecastHorizonHours !== own.forecastHorizonHours)) {
      config = { ...config, forecastFeatures: trained.forecastFeatures, forecastHorizonHours: trained.forecastHorizonHours };
      const features = trained.forecastFeatures === "none" ? "none" : `${trained.forecastFeatures}, ${trained.forecastHorizonHours} h`;
      notes.push(`evaluated with the checkpoint's forecast features (${features})`);
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

export const evaluateCommand = defineCommand({
  name: "evaluate",
  summary: "Evaluate a policy on a scenario's test days with the evaluation protocol's metrics",
  options: {
    policy: text("--policy <name>", `the policy: a baseline (${BASELINE_NAMES.join(", ")})`),
    checkpoint: text("--checkpoint <dir>", "a trained policy (grid train --out), evaluated exactly as a baseline"),
    policyOptions: jsonObject("--policy-options <json|file>", `the baseline's options, e.g. '{"horizonHours": 6}' for mpc`),
    ...SCENARIO_OPTIONS,
    envConfig: ENV_CONFIG_OPTION,
    config: renamed("--config <file>", "--env-config"),
    days: parsed("--days <range>", "days evaluated, one episode from each day's first step, e.g. 0-19 (default: the scenario's test days)", parseDayRange),
    seed: numeric("--seed <n>", "seed of the environment's noise (forecast, observation, communication)", { whole: true, atLeast: 0 }, 0),
    trace: text("--trace <file.csv>", "write every step of every episode to a CSV file"),
    json: flag("--json", "print one JSON object with the aggregated metrics under their names"),
  },
  async run(values) {
    const scenario = withEnvConfig(scenarioFromCommandLine(values), values.envConfig);
    const baseConfig = scenario.config;
    const days = values.days ?? scenario.testDays;
    const seed = values.seed;
    const resolved = await resolvePolicy({ policy: values.policy, policyOptions: values.policyOptions, checkpoint: values.checkpoint }, baseConfig, scenario.trainDays);
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
      traceCsvPath: values.trace,
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
});
