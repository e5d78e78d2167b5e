import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatDuration } from "../runs/progress.js";
import { createLocalExecutor } from "../runs/local-executor.js";
import { connectQueueExecutor } from "../runs/queue-executor.js";
import { runStudy, type StudyOutcome } from "../runs/runner.js";
import { ResultStore } from "../runs/store.js";
import { buildReport } from "../report/build.js";
import { builtinStudies } from "../studies/builtin.js";
import { planStudy, resolveStudy } from "../studies/load.js";
import type { Study } from "../studies/schema.js";
import type { Command } from "../command.js";
import { UsageError } from "../command.js";
import { wholeNumber } from "./options.js";
import { studyVocabulary } from "./vocabulary.js";

export const runCommand: Command = {
  name: "run",
  summary: "Run a study (built-in name or a .json/.yaml file): train, evaluate, test and report; resumable",
  usage: `grid run <study | study.json | study.yaml | results folder> [--quick] [--seeds N] [--steps N]
         [--workers N | --queue <url>] [--retries N] [--checkpoints <dir>] [--results <dir> | --into <dir>] [--fresh]

  <study>             ${builtinStudies.map((study) => study.name).join(", ")} (grid list), a study file, or a results folder
                      with plan.json (its study resumes there, on any machine, with the options it was started with)
  --quick             a few minutes on 2 cores: few seeds, short training, the quick subset of scenarios and settings
  --seeds N           seeds per learning cell (default: 10, quick: 3)
  --steps N           training env-steps per learning run (default: the study's, quick: 20,000)
  --workers N         worker threads of the local pool (default: one per core; 0 runs in this thread)
  --queue <url>       run on \`grid worker\`s instead, on any machines, through the Redis at
                      redis://[:password@]host:port[/db]; results are gathered here as with the local pool
  --retries N         times a run that throws is tried again before it is recorded in failures/ (default: 1)
  --checkpoints <dir> keep each learning run's checkpoint in <dir>/<batch>/<run id>/ (batch: the results folder's
                      id in its plan.json; default: none; with --queue, a directory every worker shares at the same path)
  --results <dir>     results root (default: results); the study writes to <dir>/<study>/<timestamp>/
  --into <dir>        write to exactly this folder (e.g. benchmarks/studies/<study>, to commit the runs), resuming it
  --fresh             start a new results folder instead of resuming an interrupted one`,
  options: {
    quick: { type: "boolean", default: false },
    seeds: { type: "string" },
    steps: { type: "string" },
    workers: { type: "string" },
    queue: { type: "string" },
    retries: { type: "string" },
    checkpoints: { type: "string" },
    results: { type: "string", default: "results" },
    fresh: { type: "boolean", default: false },
    into: { type: "string" },
  },
  async run(values, positionals) {
    const [name] = positionals;
    if (!name) throw new UsageError("name a study");
    if (values.queue !== undefined && values.workers !== undefined) {
      throw new UsageError("--workers is for the local pool; with --queue, start grid worker --concurrency N");
    }
    const plan = readPlan(name);
    if (plan) Object.assign(values, { into: name, quick: plan.quick, seeds: values.seeds ?? plan.seeds, steps: values.steps ?? plan.steps });
    const study = plan ? planStudy(plan, join(name, "plan.json")) : resolveStudy(name, await studyVocabulary());
    const started = performance.now();
    // The queue is checked before anything is written: a wrong URL leaves no half-made results folder.
    const executor =
      typeof values.queue === "string" ? await connectQueueExecutor(values.queue) : createLocalExecutor({ threads: wholeNumber(values, "workers") });
    const outcome = await runStudy(study, {
      quick: Boolean(values.quick),
      seeds: wholeNumber(values, "seeds"),
      trainSteps: wholeNumber(values, "steps"),
      retries: wholeNumber(values, "retries"),
      checkpointRoot: typeof values.checkpoints === "string" ? values.checkpoints : undefined,
      executor,
      resultsRoot: String(values.results),
      fresh: Boolean(values.fresh),
      directory: values.into === undefined ? undefined : String(values.into),
    }).finally(() => executor.close());
    return reportOutcome(study, outcome, (performance.now() - started) / 1000);
  },
};

/**
 * Prints where the runs are, each failure with its stack, and builds the report (the failures listed first); the exit
 * code (1 with failures).
 */
async function reportOutcome(study: Study, outcome: StudyOutcome, wallSeconds: number): Promise<number> {
  console.log(
    `${study.name}: ${outcome.results.length} runs in ${outcome.directory}${outcome.resumed ? ` (resumed: ${outcome.skipped} were already done)` : ""}, ${formatDuration(wallSeconds)}`,
  );
  if (outcome.checkpointDirectory) console.log(`checkpoints: ${outcome.checkpointDirectory}`);
  for (const failure of outcome.failures) {
    const where = `${failure.worker ? ` on ${failure.worker}` : ""} (${join(outcome.directory, "failures", `${failure.id}.json`)})`;
    console.error(`run ${failure.id} failed after ${failure.attempts} attempt(s)${where}:\n${failure.stack ?? failure.message}`);
  }
  // Every run whose last attempt failed, this time or before, is listed first in the report.
  const failures = new ResultStore(outcome.directory).failures();
  if (outcome.results.length > 0 || failures.length > 0) {
    const { files } = await buildReport(study, outcome.results, outcome.directory, failures);
    console.log(`report: ${files.filter((file) => !file.startsWith("figures/")).map((file) => `${outcome.directory}/${file}`).join(", ")}`);
  }
  return outcome.failures.length > 0 ? 1 : 0;
}

/** A results folder's plan (`grid run <folder>` resumes its study with the options it was started with). */
function readPlan(path: string): { study: unknown; quick: boolean; seeds?: string; steps?: string } | undefined {
  if (!existsSync(path) || !statSync(path).isDirectory()) return undefined;
  const planPath = join(path, "plan.json");
  if (!existsSync(planPath)) throw new UsageError(`${path} is a folder without plan.json; expected a results folder made by grid run`);
  const plan = JSON.parse(readFileSync(planPath, "utf8")) as { study: unknown; quick?: boolean; seeds?: number; trainSteps?: number };
  const text = (value: number | undefined) => (value === undefined ? undefined : String(value));
  return { study: plan.study, quick: plan.quick ?? false, seeds: text(plan.seeds), steps: text(plan.trainSteps) };
}
