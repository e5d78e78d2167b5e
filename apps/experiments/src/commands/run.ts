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
import { flag, numeric, text } from "../cli/option-table.js";
import { defineCommand, UsageError } from "../command.js";
import { studyVocabulary } from "./vocabulary.js";

export const runCommand = defineCommand({
  name: "run",
  summary: "Run a study (built-in name or a .json/.yaml file): train, evaluate, test and report; resumable",
  arguments: [
    {
      name: "<study>",
      description: `${builtinStudies.map((study) => study.name).join(", ")} (grid list), a study file, or a results folder with plan.json (its study resumes there, on any machine, with the options it was started with)`,
    },
  ],
  options: {
    quick: flag("--quick", "a few minutes on 2 cores: few seeds, short training, the quick subset of scenarios and settings"),
    seeds: numeric("--seeds <n>", "seeds per learning cell (default: 10, quick: 3)", { whole: true, atLeast: 1, unit: "seeds" }),
    steps: numeric("--steps <n>", "training env-steps per learning run (default: the study's, quick: 20,000)", { whole: true, atLeast: 1, unit: "env-steps" }),
    workers: numeric("--workers <n>", "worker threads of the local pool (default: one per core; 0 runs in this thread)", { whole: true, atLeast: 0, unit: "threads" }),
    queue: text("--queue <url>", "run on `grid worker`s instead, on any machines, through the Redis at redis://[:password@]host:port[/db]; results are gathered here as with the local pool"),
    retries: numeric("--retries <n>", "times a run that throws is tried again before it is recorded in failures/ (default: 1)", { whole: true, atLeast: 0, unit: "retries" }),
    checkpoints: text(
      "--checkpoints <dir>",
      "keep each learning run's checkpoint in <dir>/<batch>/<run id>/ (batch: the results folder's id in its plan.json; default: none; with --queue, a directory every worker shares at the same path)",
    ),
    results: text("--results <dir>", "results root; the study writes to <dir>/<study>/<timestamp>/", "results"),
    into: text("--into <dir>", "write to exactly this folder (e.g. benchmarks/studies/<study>, to commit the runs), resuming it"),
    fresh: flag("--fresh", "start a new results folder instead of resuming an interrupted one"),
  },
  async run(values, positionals) {
    const [name] = positionals;
    if (values.queue !== undefined && values.workers !== undefined) {
      throw new UsageError("--workers is for the local pool; with --queue, start grid worker --concurrency N");
    }
    const plan = readPlan(name);
    if (plan) Object.assign(values, { into: name, quick: plan.quick, seeds: values.seeds ?? plan.seeds, steps: values.steps ?? plan.steps });
    const study = plan ? planStudy(plan, join(name, "plan.json")) : resolveStudy(name, await studyVocabulary());
    const started = performance.now();
    // The queue is checked before anything is written: a wrong URL leaves no half-made results folder.
    const executor =
      values.queue === undefined ? createLocalExecutor({ threads: values.workers }) : await connectQueueExecutor(values.queue);
    const outcome = await runStudy(study, {
      quick: values.quick,
      seeds: values.seeds,
      trainSteps: values.steps,
      retries: values.retries,
      checkpointRoot: values.checkpoints,
      executor,
      resultsRoot: values.results,
      fresh: values.fresh,
      directory: values.into,
    }).finally(() => executor.close());
    return reportOutcome(study, outcome, (performance.now() - started) / 1000);
  },
});

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
function readPlan(path: string): { study: unknown; quick: boolean; seeds?: number; steps?: number } | undefined {
  if (!existsSync(path) || !statSync(path).isDirectory()) return undefined;
  const planPath = join(path, "plan.json");
  if (!existsSync(planPath)) throw new UsageError(`${path} is a folder without plan.json; expected a results folder made by grid run`);
  const plan = JSON.parse(readFileSync(planPath, "utf8")) as { study: unknown; quick?: boolean; seeds?: number; trainSteps?: number };
  return { study: plan.study, quick: plan.quick ?? false, seeds: plan.seeds, steps: plan.trainSteps };
}
