import { z } from "zod";
import type { RunSpec } from "./expand.js";
import type { RunFailure, RunResult } from "./store.js";

/** How a run executes besides its spec: the same for every executor, and never part of the plan's key. */
export const runExecutionSchema = z.object({
  /**
   * TensorFlow.js backend for learning runs (`wasm`, `tensorflow`, ...); unset: the best the machine has, or
   * `GRID_BACKEND`. The queue pins it to the coordinator's so that results never mix backends.
   */
  backend: z.string().min(1).optional(),
  /**
   * Absolute directory where each learning run writes its checkpoint, in `<directory>/<run id>/`; unset: no
   * checkpoints are kept. Queued runs need it on a directory every worker shares, mounted at the same path.
   */
  checkpointDirectory: z.string().min(1).optional(),
});
export type RunExecution = z.infer<typeof runExecutionSchema>;

/** One run to execute: its spec and how. What a worker thread receives. */
export type RunTask = RunExecution & { spec: RunSpec };

/** Where an executor reports each run the moment it ends (the runner persists it then). */
export interface RunReport {
  result(result: RunResult): void;
  failure(failure: RunFailure): void;
  /** Something the person running the study should know now (a worker refused runs, Redis is unreachable). */
  notice(message: string): void;
}

/** One study's pending runs, given to an executor. */
export interface RunBatch {
  tasks: RunTask[];
  /**
   * Names this batch of runs beyond the study: the results folder's name (`<study>/<timestamp>`), the same when
   * an interrupted study resumes it, new with `--fresh`. The queue's job ids are `<batch id>/<run id>`.
   */
  batchId: string;
  /** Times a run that throws is tried again before it is recorded as failed. */
  retries: number;
  /** Whether a run's result is in the results folder already (another coordinator of the same folder saved it). */
  isSaved: (runId: string) => boolean;
}

/**
 * Runs a batch of runs somewhere and reports each as it ends: a worker-thread pool in this process
 * (`createLocalExecutor`) or workers on other machines behind a BullMQ queue (`connectQueueExecutor`).
 * `execute` resolves when every run has been reported, as a result or as a failure.
 */
export interface RunExecutor {
  /** What executes the runs, for the study's first line (`local pool, 2 threads`). */
  readonly description: string;
  execute(batch: RunBatch, report: RunReport): Promise<void>;
  /** Releases threads and connections. */
  close(): Promise<void>;
}

/** The failure record of a run that threw `error` on its last attempt. */
export function failureOf(id: string, error: unknown, attempts: number, worker?: string): RunFailure {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  return { id, message, ...(stack === undefined ? {} : { stack }), attempts, ...(worker === undefined ? {} : { worker }), failedAt: new Date().toISOString() };
}
