import { z } from "zod";
import { runExecutionSchema } from "./executor.js";
import type { RunSpec } from "./expand.js";
import type { RunResult } from "./store.js";

const hasId = (value: unknown): boolean => typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";

/** A queued run: the job's data, what the coordinator sends a worker. */
export const queuedRunSchema = runExecutionSchema.extend({
  spec: z.custom<RunSpec>(hasId, "a run spec with an id"),
  /** The coordinator's code version (`CodeVersion.id`); a worker on other code refuses the run. */
  code: z.string(),
  /** The coordinator's commit, for the refusal's message. */
  commit: z.string().optional(),
});
export type QueuedRun = z.infer<typeof queuedRunSchema>;

/** What a worker returns for a run: the job's return value. */
export const runReplySchema = z.object({
  result: z.custom<RunResult>((value) => hasId((value as { spec?: unknown } | null)?.spec), "a run result with its spec"),
  /** `<host>/<pid>` of the worker that ran it. */
  worker: z.string(),
  /** The worker's code version; the coordinator keeps only results of its own. */
  code: z.string(),
});
export type RunReply = z.infer<typeof runReplySchema>;

/** What a worker that refuses a run publishes as the job's progress, for the coordinator to print. */
export const refusalSchema = z.object({ refusedBy: z.string(), reason: z.string() });
export type Refusal = z.infer<typeof refusalSchema>;

/** The job id of a run: the batch (the results folder, `<study>/<timestamp>`) and the run's id; enqueuing it again is a no-op. */
export function jobIdOf(batchId: string, runId: string): string {
  return `${batchId}/${runId}`;
}
