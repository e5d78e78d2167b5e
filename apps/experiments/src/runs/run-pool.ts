import Tinypool from "tinypool";
import { executeRun } from "./execute.js";
import type { RunTask } from "./executor.js";
import type { RunResult } from "./store.js";

/**
 * Worker threads that execute runs, one run per thread at a time (a run's training is CPU-bound and would block
 * the event loop). Both executors run their runs here: the local pool directly, a queue worker for its jobs.
 * With 0 threads runs execute in this thread, one after another.
 */
export class RunPool {
  private readonly pool: Tinypool | undefined;

  constructor(
    readonly threads: number,
    /** URL of the built thread entry (default: `worker.js` beside this bundle). */
    workerUrl: URL = new URL("./worker.js", import.meta.url),
  ) {
    this.pool =
      threads === 0 ? undefined : new Tinypool({ filename: workerUrl.href, minThreads: 1, maxThreads: threads, idleTimeout: 1000 });
  }

  /** Executes one run; rejects with the run's error. */
  run(task: RunTask): Promise<RunResult> {
    return this.pool ? (this.pool.run(task) as Promise<RunResult>) : executeRun(task.spec, task);
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
