import { hostname } from "node:os";
import { availableBackends, type BackendName, isBackendAvailable } from "@grid/algos";
import { type Job, WaitingError, Worker } from "bullmq";
import { type CodeVersion, codeVersion } from "./code-version.js";
import { RunPool } from "./run-pool.js";
import { checkQueueConnection, lastingConnection, parseQueueUrl, QUEUE_NAME, throttled } from "./queue-connection.js";
import { type QueuedRun, queuedRunSchema, type Refusal, type RunReply } from "./queue-messages.js";

/** A stalled run (its worker died) is given to another worker this many times before it fails. */
const MAX_STALLS = 3;

export interface QueueWorkerOptions {
  /** `redis://[:password@]host:port[/db]`. */
  url: string;
  /** Runs at a time, each on a worker thread of its own (default: one per core). */
  concurrency: number;
  /**
   * How long a run's lock lasts without renewal, seconds: a worker that dies is noticed (its run stalls and goes
   * to another worker) after about twice this. The lock is renewed at half of it while the run is alive.
   */
  lockSeconds: number;
  /** Where the worker says what it does (one line each). */
  log: (line: string) => void;
  /** URL of the built thread entry (default: `worker.js` beside this bundle). */
  workerUrl?: URL;
}

/** A running queue worker. */
export interface QueueWorker {
  /** `<host>/<pid>`. */
  readonly name: string;
  /** Resolves with the exit code once the worker has stopped (1: it refused a run of other code or backend). */
  readonly stopped: Promise<number>;
  /** Stops taking runs; with `force`, abandons those in flight (they stall and go to another worker). */
  stop(force?: boolean): Promise<void>;
}

/**
 * Takes runs from the queue at `url` and executes them with the same code as the local pool (a worker-thread
 * pool, one run per thread), returning each result through the queue. A run whose coordinator runs other code,
 * or pins a backend this machine lacks, is put back for another worker, and this worker stops saying why.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const connection = parseQueueUrl(options.url);
  await checkQueueConnection(connection);
  const code = codeVersion();
  const name = `${hostname()}/${process.pid}`;
  const pool = new RunPool(options.concurrency, options.workerUrl);
  let exitCode = 0;
  let resolveStopped: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | undefined;
  const stop = (force = false) => {
    stopping ??= (async () => {
      await worker.close(force);
      await pool.close();
      resolveStopped(exitCode);
    })();
    return stopping;
  };
  const refuse = async (job: Job, token: string | undefined, reason: string) => {
    options.log(`refusing ${job.id}: ${reason}; it goes back to the queue for another worker, and this worker stops`);
    exitCode = 1;
    void stop();
    await job.updateProgress({ refusedBy: name, reason } satisfies Refusal);
    await job.moveToWait(token);
    throw new WaitingError();
  };
  const processor = async (job: Job, token?: string): Promise<RunReply> => {
    const parsed = queuedRunSchema.safeParse(job.data);
    if (!parsed.success) return refuse(job, token, `its data is not what this version reads (${parsed.error.issues[0]?.message})`);
    const mismatch = await incompatibility(parsed.data, code);
    if (mismatch !== undefined) return refuse(job, token, mismatch);
    const { spec, backend, checkpointDirectory } = parsed.data;
    const result = await pool.run({ spec, backend, checkpointDirectory });
    return { result, worker: name, code: code.id };
  };
  const worker = new Worker(QUEUE_NAME, processor, {
    connection: lastingConnection(connection),
    concurrency: options.concurrency,
    name,
    lockDuration: options.lockSeconds * 1000,
    stalledInterval: options.lockSeconds * 1000,
    maxStalledCount: MAX_STALLS,
  });
  describe(worker, options.log);
  await worker.waitUntilReady();
  const backends = await availableBackends();
  options.log(
    `worker ${name} on ${connection.display}: ${options.concurrency} at a time, code ${code.id}${code.commit ? ` (commit ${code.commit})` : ""}, backends ${backends.join(", ")}`,
  );
  return { name, stopped, stop };
}

/** Why this worker must not run a queued run (other code, a backend it lacks), or undefined. */
async function incompatibility(run: QueuedRun, code: CodeVersion): Promise<string | undefined> {
  if (run.code !== code.id) {
    const theirs = run.commit ? ` (commit ${run.commit})` : "";
    const ours = code.commit ? ` (commit ${code.commit})` : "";
    return `the coordinator runs code ${run.code}${theirs}, this worker ${code.id}${ours}: check out the coordinator's commit and build`;
  }
  if (run.spec.kind === "algorithm" && run.backend !== undefined && !(await isBackendAvailable(run.backend as BackendName))) {
    return `the study trains on backend ${run.backend}, which this machine lacks (it has ${(await availableBackends()).join(", ")})`;
  }
  return undefined;
}

/** One line per run started, finished or failed, and per connection error (at most one every 10 s). */
function describe(worker: Worker, log: (line: string) => void): void {
  const started = new Map<string, number>();
  worker.on("active", (job) => {
    started.set(job.id ?? "", Date.now());
    log(`started ${job.id} (attempt ${job.attemptsMade + 1}/${job.opts.attempts ?? 1})`);
  });
  worker.on("completed", (job) => {
    const seconds = (Date.now() - (started.get(job.id ?? "") ?? Date.now())) / 1000;
    started.delete(job.id ?? "");
    log(`finished ${job.id} in ${seconds.toFixed(1)} s`);
  });
  worker.on("failed", (job, error) => {
    if (job) started.delete(job.id ?? "");
    if (!(error instanceof WaitingError)) log(`${job?.id ?? "a run"} failed (attempt ${job?.attemptsMade ?? "?"}): ${error.message}`);
  });
  worker.on(
    "error",
    throttled((error) => log(`queue: ${error.message} (reconnecting)`)),
  );
}
