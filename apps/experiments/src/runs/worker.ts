import { executeRun } from "./execute.js";
import type { RunSpec } from "./expand.js";
import type { RunResult } from "./store.js";

/** The worker-thread entry: executes one run and returns its result to the pool. */
export default async function runInWorker(spec: RunSpec): Promise<RunResult> {
  return executeRun(spec);
}
