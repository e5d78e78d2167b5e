import { availableParallelism } from "node:os";
import { numeric, text } from "../cli/option-table.js";
import { defineCommand, UsageError } from "../command.js";
import { startQueueWorker } from "../runs/queue-worker.js";

export const workerCommand = defineCommand({
  name: "worker",
  summary: "Take a study's runs from a Redis queue (grid run --queue), on this or any machine, until stopped",
  options: {
    queue: text("--queue <url>", "the Redis the coordinator (grid run <study> --queue <url>) enqueues runs on: redis://[:password@]host:port[/db]"),
    concurrency: numeric("--concurrency <n>", "runs at a time, each on a worker thread (default: one per core)", { whole: true, atLeast: 1, unit: "runs" }),
    lockSeconds: numeric(
      "--lock-seconds <s>",
      "a run's lock, renewed at half of it while it runs; a killed worker's run goes to another worker after about twice this",
      { whole: true, atLeast: 1, unit: "seconds" },
      30,
    ),
  },
  notes: `Runs execute with the same code as grid run's local pool; a run whose coordinator runs other code (another
commit or build) or trains on a backend this machine lacks is put back for another worker, and this worker
stops saying why. Ctrl-C stops taking runs and finishes those in flight; a second Ctrl-C abandons them (they
go to another worker once their lock expires).`,
  async run(values) {
    if (values.queue === undefined) throw new UsageError("--queue <redis://host:port> is required");
    const concurrency = values.concurrency ?? availableParallelism();
    const lockSeconds = values.lockSeconds;
    const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
    const worker = await startQueueWorker({ url: values.queue, concurrency, lockSeconds, log });
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        log(`${signal} again: abandoning the runs in flight`);
        process.exit(130);
      }
      log(`${signal}: taking no more runs, finishing those in flight (again to abandon them)`);
      void worker.stop();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const code = await worker.stopped;
    log(`worker ${worker.name} stopped`);
    return code;
  },
});
