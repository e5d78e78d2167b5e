import { availableBackends, BACKEND_NAMES } from "@grid/algos";
import { type Job, Queue, QueueEvents } from "bullmq";
import { type CodeVersion, codeVersion } from "./code-version.js";
import type { RunBatch, RunExecutor, RunReport, RunTask } from "./executor.js";
import { checkQueueConnection, lastingConnection, parseQueueUrl, QUEUE_NAME, type QueueConnection, throttled } from "./queue-connection.js";
import { jobIdOf, type QueuedRun, refusalSchema, runReplySchema } from "./queue-messages.js";

/** How often the coordinator checks every outstanding run's job besides the queue's events (missed events, a Redis that lost its data). */
const SWEEP_INTERVAL_MS = 3000;
/** Wait between a failed attempt and the next. */
const RETRY_DELAY_MS = 1000;
/** Job states in which a job has not started: one carrying other code than ours is replaced. */
const NOT_STARTED = new Set(["waiting", "delayed", "prioritized", "waiting-children"]);

export interface QueueExecutorOptions {
  /**
   * Backend every learning run must train on (default: GRID_BACKEND, else the best this machine has); a worker
   * that lacks it refuses the run. It need not be available here: the coordinator trains nothing.
   */
  backend?: string;
}

/**
 * Connects to the queue at `url` (`redis://[:password@]host:port[/db]`), failing within seconds when it cannot,
 * and returns the executor that enqueues a study's runs there for `grid worker`s on any machine and gathers
 * their results. Learning runs are pinned to one backend, so that a study never mixes backends.
 */
export async function connectQueueExecutor(url: string, options: QueueExecutorOptions = {}): Promise<RunExecutor> {
  const connection = parseQueueUrl(url);
  await checkQueueConnection(connection);
  const backend = options.backend ?? (process.env.GRID_BACKEND || (await availableBackends())[0]);
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new Error(`backend "${backend}" (GRID_BACKEND) is unknown; expected one of ${BACKEND_NAMES.join(", ")}`);
  }
  const code = codeVersion();
  return {
    description: `queue ${connection.display} (code ${code.id}, backend ${backend})`,
    execute: (batch, report) => gather(connection, code, backend, batch, report),
    async close() {},
  };
}

/** Enqueues a batch's runs and resolves once each has been reported, as a result or as a failure. */
async function gather(connection: QueueConnection, code: CodeVersion, backend: string, batch: RunBatch, report: RunReport): Promise<void> {
  if (batch.tasks.length === 0) return;
  const options = { connection: lastingConnection(connection) };
  const queue = new Queue(QUEUE_NAME, options);
  const events = new QueueEvents(QUEUE_NAME, options);
  const complain = throttled((error: Error) => report.notice(`queue ${connection.display}: ${error.message} (reconnecting)`));
  queue.on("error", complain);
  events.on("error", complain);
  const jobs = new Map(batch.tasks.map((task) => [jobIdOf(batch.batchId, task.spec.id), jobData(task, code, backend)]));
  const outstanding = new Set(jobs.keys());
  const settling = new Set<string>();
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const settle = async (jobId: string) => {
    if (!outstanding.has(jobId) || settling.has(jobId)) return;
    settling.add(jobId);
    try {
      if (await settleJob(queue, jobId, jobs.get(jobId) as QueuedRun, batch, code, report)) outstanding.delete(jobId);
    } catch {
      // Redis is away: the next sweep tries again once it is back.
    } finally {
      settling.delete(jobId);
    }
    if (outstanding.size === 0) finished();
  };
  try {
    await events.waitUntilReady();
    events.on("completed", ({ jobId }) => void settle(jobId));
    events.on("failed", ({ jobId }) => void settle(jobId));
    events.on("progress", ({ jobId, data }) => {
      const refusal = refusalSchema.safeParse(data);
      if (refusal.success && outstanding.has(jobId)) report.notice(`worker ${refusal.data.refusedBy} refused ${jobId}: ${refusal.data.reason}`);
    });
    await enqueue(queue, jobs, batch.retries, code);
    const workers = await queue.getWorkersCount();
    report.notice(
      `${jobs.size} runs queued at ${connection.display}; ${workers === 0 ? "no worker is connected yet: start `grid worker --queue <url>` on any machine" : `${workers} worker${workers === 1 ? "" : "s"} connected`}`,
    );
    const sweep = () => {
      for (const jobId of outstanding) void settle(jobId);
    };
    sweep();
    const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
    try {
      await done;
    } finally {
      clearInterval(timer);
    }
  } finally {
    await events.close();
    await queue.close();
  }
}

function jobData(task: RunTask, code: CodeVersion, backend: string): QueuedRun {
  return { ...task, backend: task.backend ?? backend, code: code.id, ...(code.commit === undefined ? {} : { commit: code.commit }) };
}

const jobOptions = (jobId: string, retries: number) => ({
  jobId,
  attempts: retries + 1,
  backoff: { type: "fixed", delay: RETRY_DELAY_MS },
  removeOnComplete: false,
  removeOnFail: false,
});

/**
 * Adds every run's job unless it is there: the job id is the run's, so enqueuing again never duplicates a run.
 * A job that failed before (an earlier coordinator's) is replaced, so running the study again retries it, as
 * the local pool does; so is one that has not started yet and carries other code.
 */
async function enqueue(queue: Queue, jobs: Map<string, QueuedRun>, retries: number, code: CodeVersion): Promise<void> {
  for (const jobId of jobs.keys()) {
    const existing = await queue.getJob(jobId);
    if (existing === undefined) continue;
    const state = await existing.getState();
    const stale = NOT_STARTED.has(state) && (existing.data as QueuedRun | undefined)?.code !== code.id;
    if (state === "failed" || stale) await existing.remove();
  }
  await queue.addBulk([...jobs].map(([jobId, data]) => ({ name: data.spec.id, data, opts: jobOptions(jobId, retries) })));
}

/**
 * Reports a job that has finished and removes it from Redis; re-adds one Redis has lost (unless another
 * coordinator of the same folder collected it). Resolves to whether the run is settled. A result computed on
 * other code than ours is recorded as a failure, never kept.
 */
async function settleJob(queue: Queue, jobId: string, data: QueuedRun, batch: RunBatch, code: CodeVersion, report: RunReport): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (job === undefined) {
    if (batch.isSaved(data.spec.id)) return true;
    report.notice(`${jobId} is no longer in Redis (restarted without its data?): queued again`);
    await queue.add(data.spec.id, data, jobOptions(jobId, batch.retries));
    return false;
  }
  const state = await job.getState();
  if (state === "completed") {
    const reply = runReplySchema.safeParse(job.returnvalue);
    if (!reply.success || reply.data.code !== code.id || reply.data.result.spec.id !== data.spec.id) {
      const ranOn = reply.success ? `code ${reply.data.code} on ${reply.data.worker}` : "a reply this version cannot read";
      report.failure(failure(job, data, `its result came from ${ranOn}, not this coordinator's code ${code.id}: not kept; run the study again to redo it`));
    } else {
      report.result({ ...reply.data.result, worker: reply.data.worker });
    }
  } else if (state === "failed") {
    report.failure(failure(job, data, job.failedReason));
  } else {
    return false;
  }
  await job.remove().catch(() => {});
  return true;
}

function failure(job: Job, data: QueuedRun, message: string) {
  const stack = job.stacktrace?.at(-1);
  return {
    id: data.spec.id,
    message,
    ...(stack ? { stack } : {}),
    attempts: job.attemptsMade,
    ...(job.processedBy ? { worker: job.processedBy } : {}),
    failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
  };
}
