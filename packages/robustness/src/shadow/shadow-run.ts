import { type GridConfigInput, type Policy, parseGridConfig, type VecGridEnv } from "@grid/env";
import { type DataIssue, formatIssue, type ProfileRow, ProfileRowReader, type ProfileTable } from "@grid/profiles";
import { FallbackPolicy, type FallbackOptionsInput } from "../fallback.js";
import { measuredEntries } from "../measured-env.js";
import { LiveFeeder } from "./live-feeder.js";
import { type ShadowStepRecord, ShadowTally, type ShadowSummary, stepOutcome } from "./shadow-records.js";

/** What {@link runShadow} reads, runs and writes. */
export interface ShadowOptions {
  /** The measurements, one CSV line at a time as they arrive (the header first): a file's or standard input's lines. */
  lines: AsyncIterable<string>;
  /** The stream's name in messages (a path, or `stdin`). */
  file: string;
  /** The reference scenario's table (observation scales, consumers) and the feeder's configuration. */
  profiles: ProfileTable;
  config: GridConfigInput;
  /** The trusted controller whose actions are applied. */
  baseline: Policy;
  /** The policy run in the shadow of it (behind the fallback filter, falling back on `fallback`). */
  shadowed: Policy;
  fallback: Policy;
  fallbackOptions?: FallbackOptionsInput;
  /** A malformed row: `skip` reports it and goes on (its step is then held from the previous row), `stop` ends the run. */
  onBadRow: "skip" | "stop";
  /** Receives every record: a bad row, each step, and the summary last. */
  write: (record: ShadowRecord) => void;
  /** Steps the live feeder can hold (default: a year of the configuration's steps). */
  capacitySteps?: number;
}

/** One record of a shadow run's log. */
export type ShadowRecord = ShadowStepRecord | { type: "bad-row"; line: number; issues: string[] } | ShadowSummary;

/** The step decided but not yet stepped: it is stepped when the next row arrives (its observation needs that row). */
interface Pending {
  row: ProfileRow;
  filled: boolean;
  step: number;
  baselineActions: Float32Array;
  shadowActions: Float32Array;
  fallbackAgents: number;
}

/**
 * Shadow mode: the baseline controls the simulated feeder on measurements as they arrive; the shadowed policy's
 * actions are computed beside it on the same measurements, and a what-if step (the same state, the shadowed
 * policy's actions) says what it would have cost and whether it would have broken a limit. One record per step is
 * written when the next row arrives (or at the end); a malformed row is reported with its line and skipped or stops
 * the run; a row after missing steps first repeats the previous row for them, each marked `filled`. The battery's
 * state of charge carries over from day to day (each day is an episode, with its own flexibility budget).
 */
export async function runShadow(options: ShadowOptions): Promise<ShadowSummary> {
  const config = parseGridConfig(options.config);
  const stepsPerDay = config.episodeSteps;
  const feeder = new LiveFeeder(options.profiles, options.config, options.capacitySteps ?? Math.round((366 * 24) / config.dtHours));
  const shadowed = new FallbackPolicy(options.shadowed, options.fallback, options.fallbackOptions);
  const tally = new ShadowTally(options.baseline.name, shadowed.name);
  let reader: ProfileRowReader | undefined;
  let pending: Pending | undefined;
  let line = 0;
  let previous: ProfileRow | undefined;

  const decide = (row: ProfileRow, filled: boolean) => {
    const step = feeder.write(row);
    if (pending) options.write(complete(feeder, pending, tally));
    const env = feeder.env;
    if (step % stepsPerDay === 0) beginDay(env, step, [options.baseline, shadowed]);
    const actions = () => new Float32Array(env.numAgents).fill(Number.NaN);
    const baselineActions = actions();
    const shadowActions = actions();
    options.baseline.act(env, baselineActions);
    const before = shadowed.counts.agentSteps;
    shadowed.act(env, shadowActions);
    pending = { row, filled, step, baselineActions, shadowActions, fallbackAgents: shadowed.counts.agentSteps - before };
  };

  for await (const text of options.lines) {
    line++;
    if (text.trim() === "") continue;
    if (!reader) {
      reader = new ProfileRowReader(text, options.file, config.dtHours * 60);
      checkConsumers(reader, options.profiles, options.file);
      continue;
    }
    const result = reader.read(text, line);
    if (result.issues) {
      const issues = result.issues.map(formatIssue);
      options.write({ type: "bad-row", line, issues });
      tally.badRow(line, issues, options.onBadRow === "stop");
      if (options.onBadRow === "stop") break;
      continue;
    }
    for (let missed = 1; previous && missed <= result.row.missedSteps; missed++) decide(heldRow(previous, missed * config.dtHours), true);
    decide(result.row, false);
    previous = result.row;
  }
  if (pending) options.write(complete(feeder, pending, tally));
  const summary = tally.summary();
  options.write(summary);
  return summary;
}

/** The previous row's measurements held `hours` later (a step missing from the stream). */
function heldRow(previous: ProfileRow, hours: number): ProfileRow {
  return { ...previous, epochMs: previous.epochMs + hours * 3_600_000, hourOfDay: (previous.hourOfDay + hours) % 24, missedSteps: 0 };
}

/** Throws when the stream's consumers are not the reference scenario's (`load_kw:<id>` for each, in its order). */
function checkConsumers(reader: ProfileRowReader, reference: ProfileTable, file: string): void {
  const expected = reference.consumers?.map((consumer) => consumer.id) ?? [];
  if (expected.join(",") === reader.consumerIds.join(",")) return;
  const issue: DataIssue = {
    file,
    line: 1,
    message:
      expected.length === 0
        ? `per-consumer columns (${reader.consumerIds.join(", ")}); the scenario's consumers share the feeder load, so give base_load_kw and solar_kw`
        : `consumers ${reader.consumerIds.join(", ") || "none"}; the scenario has ${expected.join(", ")} (a load_kw:<id> column for each, in that order)`,
  };
  throw new Error(formatIssue(issue));
}

/** Starts a day's episode at `step`, keeping the battery's state of charge of the day before. */
function beginDay(env: VecGridEnv, step: number, policies: Policy[]): void {
  if (step > 0) {
    const soc = env.soc[0];
    env.resetEnv(0, step);
    env.soc[0] = soc;
    env.states[6] = soc;
    for (let agent = 0; agent < env.numAgents; agent++) {
      const offset = agent * env.observationSize;
      for (const k of measuredEntries(env, agent)) if (k === 6 || (k === 10 && agent === env.producerIndex)) env.observations[offset + k] = soc;
    }
  }
  for (const policy of policies) policy.beginEpisode?.(env, 0);
}

/** Steps the pending step: first the shadowed policy's what-if on a scratch copy, then the baseline for real. */
function complete(feeder: LiveFeeder, pending: Pending, tally: ShadowTally): ShadowStepRecord {
  const env = feeder.env;
  const probe = feeder.probe;
  probe.load(0);
  probe.scratch.actions.set(pending.shadowActions);
  probe.scratch.step(probe.scratch.actions);
  const shadow = stepOutcome(probe.scratch, pending.shadowActions);
  env.step(pending.baselineActions);
  const baseline = stepOutcome(env, pending.baselineActions);
  return tally.step(env, pending, baseline, shadow);
}
