import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import Tinypool from "tinypool";
import type { Study } from "../studies/schema.js";
import { executeRun } from "./execute.js";
import { expandStudy, type RunSpec } from "./expand.js";
import { Progress } from "./progress.js";
import { chosenStudyDirectory, ResultStore, type RunResult, studyDirectory, writeFileAtomic } from "./store.js";

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
  /** Worker threads (default: one per core); 0 runs in this thread. */
  workers?: number;
  /** URL of the built worker module (default: `worker.js` beside this bundle). */
  workerUrl?: URL;
}

export interface StudyOutcome {
  directory: string;
  resumed: boolean;
  skipped: number;
  results: RunResult[];
  failures: { id: string; message: string }[];
}

/**
 * Runs a study: expands it into runs, skips those already finished in the results folder it resumes, runs the
 * rest on a worker-thread pool over all cores, and persists each run atomically the moment it ends, so an
 * interrupted study loses at most the runs in flight.
 */
export async function runStudy(study: Study, options: RunStudyOptions = {}): Promise<StudyOutcome> {
  const specs = expandStudy(study, { quick: options.quick, seeds: options.seeds, trainSteps: options.trainSteps });
  const planKey = createHash("sha256")
    .update(JSON.stringify({ study, specs }))
    .digest("hex")
    .slice(0, 16);
  const { directory, resumed } = options.directory
    ? chosenStudyDirectory(options.directory, planKey)
    : studyDirectory(options.resultsRoot ?? "results", study.name, planKey, options.fresh ?? false);
  const store = new ResultStore(directory);
  writeFileAtomic(
    join(directory, "plan.json"),
    `${JSON.stringify({ key: planKey, study, quick: options.quick ?? false, seeds: options.seeds, trainSteps: options.trainSteps, runs: specs.map((spec) => spec.id) }, null, 1)}\n`,
  );
  // Longest first: learning runs, the most consumers first, so the pool's tail is short runs.
  const pending = specs
    .filter((spec) => !store.has(spec.id))
    .sort((a, b) => cost(b) - cost(a));
  const skipped = specs.length - pending.length;
  const progress = new Progress(specs.length, skipped);
  const failures: StudyOutcome["failures"] = [];
  const finish = (spec: RunSpec) => (result: RunResult) => {
    store.save(result);
    progress.tick(spec.id);
  };
  const fail = (spec: RunSpec) => (error: unknown) => {
    failures.push({ id: spec.id, message: (error as Error)?.stack ?? String(error) });
    progress.tick(spec.id, true);
  };
  const workers = options.workers ?? availableParallelism();
  if (workers === 0) {
    for (const spec of pending) await executeRun(spec).then(finish(spec), fail(spec));
  } else if (pending.length > 0) {
    const pool = new Tinypool({
      filename: (options.workerUrl ?? new URL("./worker.js", import.meta.url)).href,
      minThreads: 1,
      maxThreads: Math.max(1, Math.min(workers, pending.length)),
      idleTimeout: 1000,
    });
    try {
      await Promise.all(pending.map((spec) => (pool.run(spec) as Promise<RunResult>).then(finish(spec), fail(spec))));
    } finally {
      await pool.destroy();
    }
  }
  return { directory, resumed, skipped, results: store.load(), failures };
}

/** A rough relative cost of a run, for scheduling the long ones first. */
function cost(spec: RunSpec): number {
  const consumers = spec.setting.numConsumers ?? 3;
  return (spec.kind === "algorithm" ? (spec.trainSteps ?? spec.defaultTrainSteps) : 1000) * (1 + consumers / 10) * (spec.policy === "mpc" ? 50 : 1);
}
