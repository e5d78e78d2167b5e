import { executeRun } from "./execute.js";
import type { RunTask } from "./executor.js";
import type { RunResult } from "./store.js";

/** The worker-thread entry: executes one run and returns its result to the pool. */
export default async function runInWorker(task: RunTask): Promise<RunResult> {
  return executeRun(task.spec, task);
}
