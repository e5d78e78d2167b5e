import { availableParallelism } from "node:os";
import { failureOf, type RunBatch, type RunExecutor, type RunReport, type RunTask } from "./executor.js";
import { RunPool } from "./run-pool.js";

export interface LocalExecutorOptions {
  /** Worker threads (default: one per core); 0 runs in this thread. */
  threads?: number;
  /** URL of the built thread entry (default: `worker.js` beside this bundle). */
  workerUrl?: URL;
}

/** The default executor: a worker-thread pool in this process, over all cores; no server. */
export function createLocalExecutor(options: LocalExecutorOptions = {}): RunExecutor {
  const threads = options.threads ?? availableParallelism();
  return {
    description: threads === 0 ? "this thread" : `local pool, ${threads} thread${threads === 1 ? "" : "s"}`,
    async execute(batch: RunBatch, report: RunReport) {
      if (batch.tasks.length === 0) return;
      const pool = new RunPool(Math.min(threads, batch.tasks.length), options.workerUrl);
      try {
        if (threads === 0) for (const task of batch.tasks) await attempt(pool, task, batch.retries, report);
        else await Promise.all(batch.tasks.map((task) => attempt(pool, task, batch.retries, report)));
      } finally {
        await pool.close();
      }
    },
    async close() {},
  };
}

/** Runs a task, trying it again up to `retries` times when it throws, and reports its result or its last error. */
async function attempt(pool: RunPool, task: RunTask, retries: number, report: RunReport): Promise<void> {
  for (let attempts = 1; ; attempts++) {
    try {
      report.result(await pool.run(task));
      return;
    } catch (error) {
      if (attempts > retries) {
        report.failure(failureOf(task.spec.id, error, attempts));
        return;
      }
    }
  }
}
