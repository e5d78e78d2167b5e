import { randomBytes } from "node:crypto";
import { writeFileAtomic } from "@grid/profiles";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Study } from "../studies/schema.js";
import type { RunExecutor, RunReport, RunTask } from "./executor.js";
import { expandStudy, type RunSpec } from "./expand.js";
import { createLocalExecutor } from "./local-executor.js";
import { extendsPlan, planKeyOf, studyForPlan } from "./plan-key.js";
import { Progress } from "./progress.js";
import { chosenStudyDirectory, ResultStore, type RunFailure, type RunResult, studyDirectory } from "./store.js";

export interface RunStudyOptions {
  quick?: boolean;
  /** Seeds per learning cell (overrides the study's or quick mode's). */
  seeds?: number;
  /** Training env-steps per learning run (overrides). */
  trainSteps?: number;
  /** Folder under which `<study>/<timestamp>/` is made (`results`). */
  resultsRoot?: string;
  /** Start a new results folder even when an interrupted one could be resumed. */
  fresh?: boolean;
  /** Write to (and resume) exactly this folder instead of `<resultsRoot>/<study>/<timestamp>`. */
  directory?: string;
  /** What executes the runs (default: the local worker-thread pool, `createLocalExecutor`). */
  executor?: RunExecutor;
  /** Times a run that throws is tried again before it is recorded as failed (default 1). */
  retries?: number;
  /** Backend for learning runs (default: the best available, or GRID_BACKEND). */
  backend?: string;
  /** Root under which learning runs write checkpoints, `<root>/<batch>/<run id>/` (default: none). */
  checkpointRoot?: string;
}

export interface StudyOutcome {
  directory: string;
  resumed: boolean;
  skipped: number;
  results: RunResult[];
  failures: RunFailure[];
  /** The checkpoints' folder, when checkpoints were asked for. */
  checkpointDirectory?: string;
}

/**
 * Runs a study: expands it into runs, skips those already finished in the results folder it resumes, has the
 * executor run the rest (by default a worker-thread pool over all cores), and persists each run atomically the
 * moment it ends, so an interrupted study loses at most the runs in flight.
 */
export async function runStudy(study: Study, options: RunStudyOptions = {}): Promise<StudyOutcome> {
  const specs = expandStudy(study, { quick: options.quick, seeds: options.seeds, trainSteps: options.trainSteps });
  const planKey = planKeyOf(study, specs);
  const chosen = options.directory;
  const { directory, resumed } = chosen
    ? chosenStudyDirectory(chosen, planKey, (plan) => extendsPlan(chosen, plan, specs))
    : studyDirectory(options.resultsRoot ?? "results", study.name, planKey, options.fresh ?? false);
  const store = new ResultStore(directory);
  const batchId = writePlan(directory, study, specs, { key: planKey, quick: options.quick ?? false, seeds: options.seeds, trainSteps: options.trainSteps });
  const checkpointDirectory = options.checkpointRoot === undefined ? undefined : resolve(options.checkpointRoot, batchId);
  if (checkpointDirectory !== undefined) mkdirSync(checkpointDirectory, { recursive: true });
  // Longest first: learning runs, the most consumers first, so the pool's tail is short runs.
  const tasks: RunTask[] = specs
    .filter((spec) => !store.has(spec.id))
    .sort((a, b) => cost(b) - cost(a))
    .map((spec) => ({ spec, backend: options.backend, checkpointDirectory }));
  const skipped = specs.length - tasks.length;
  const progress = new Progress(specs.length, skipped);
  const failures: RunFailure[] = [];
  const executor = options.executor ?? createLocalExecutor();
  progress.note(`${study.name}: ${tasks.length} of ${specs.length} runs to do on ${executor.description}`);
  try {
    const batch = { tasks, batchId, retries: options.retries ?? 1, isSaved: (id: string) => store.has(id) };
    await executor.execute(batch, persistingReport(store, progress, failures));
  } finally {
    if (options.executor === undefined) await executor.close();
  }
  return { directory, resumed, skipped, results: store.load(), failures, ...(checkpointDirectory === undefined ? {} : { checkpointDirectory }) };
}

/**
 * Writes the folder's `plan.json` and returns its batch id, `<study>/<folder>-<8 hex digits>`: made once with
 * the folder and kept when it is resumed (on this machine or another), so queued runs keep their job ids.
 */
function writePlan(directory: string, study: Study, specs: RunSpec[], plan: { key: string; quick: boolean; seeds?: number; trainSteps?: number }): string {
  const path = join(directory, "plan.json");
  const previous = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as { batch?: unknown }).batch : undefined;
  const batch = typeof previous === "string" ? previous : `${study.name}/${basename(directory)}-${randomBytes(4).toString("hex")}`;
  const kept = studyForPlan(study, directory);
  writeFileAtomic(path, `${JSON.stringify({ ...plan, batch, study: kept, runs: specs.map((spec) => spec.id) }, null, 1)}\n`);
  return batch;
}

/**
 * Where the executor reports: each run is saved the moment it ends (a failure in `failures/`) and ticks the
 * progress line once, naming its worker; a run reported again (a queue delivering twice) changes nothing.
 */
function persistingReport(store: ResultStore, progress: Progress, failures: RunFailure[]): RunReport {
  const reported = new Set<string>();
  const once = (id: string) => !reported.has(id) && Boolean(reported.add(id));
  const label = (id: string, worker: string | undefined) => (worker === undefined ? id : `${id} on ${worker}`);
  return {
    result(result) {
      if (!once(result.spec.id)) return;
      store.save(result);
      progress.tick(label(result.spec.id, result.worker));
    },
    failure(failure) {
      if (!once(failure.id)) return;
      store.saveFailure(failure);
      failures.push(failure);
      // The reason on a line of its own the moment the run fails, not only when the study ends.
      progress.note(`FAILED ${label(failure.id, failure.worker)}: ${failure.message.split("\n")[0]} (error and stack: ${store.failurePath(failure.id)})`);
      progress.tick(label(failure.id, failure.worker), true);
    },
    notice: (message) => progress.note(message),
  };
}

/** A rough relative cost of a run, for scheduling the long ones first. */
function cost(spec: RunSpec): number {
  const consumers = spec.setting.numConsumers ?? 3;
  return (spec.kind === "algorithm" ? (spec.trainSteps ?? spec.defaultTrainSteps) : 1000) * (1 + consumers / 10) * (spec.policy === "mpc" ? 50 : 1);
}
