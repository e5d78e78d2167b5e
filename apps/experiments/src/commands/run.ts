import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatDuration } from "../runs/progress.js";
import { runStudy } from "../runs/runner.js";
import { buildReport } from "../report/build.js";
import { builtinStudies } from "../studies/builtin.js";
import { parseStudy, resolveStudy } from "../studies/load.js";
import type { Command } from "../command.js";
import { UsageError } from "../command.js";
import { studyVocabulary } from "./vocabulary.js";

export const runCommand: Command = {
  name: "run",
  summary: "Run a study (built-in name or a .json/.yaml file): train, evaluate, test and report; resumable",
  usage: `grid run <study | study.json | study.yaml | results folder> [--quick] [--seeds N] [--steps N] [--workers N] [--results <dir> | --into <dir>] [--fresh]

  <study>          ${builtinStudies.map((study) => study.name).join(", ")} (grid list), a study file, or a results folder
                   with plan.json (its study resumes there, on any machine, with the options it was started with)
  --quick          a few minutes on 2 cores: few seeds, short training, the quick subset of scenarios and settings
  --seeds N        seeds per learning cell (default: 10, quick: 3)
  --steps N        training env-steps per learning run (default: the study's, quick: 20,000)
  --workers N      worker threads (default: one per core; 0 runs in this thread)
  --results <dir>  results root (default: results); the study writes to <dir>/<study>/<timestamp>/
  --into <dir>     write to exactly this folder (e.g. benchmarks/studies/<study>, to commit the runs), resuming it
  --fresh          start a new results folder instead of resuming an interrupted one`,
  options: {
    quick: { type: "boolean", default: false },
    seeds: { type: "string" },
    steps: { type: "string" },
    workers: { type: "string" },
    results: { type: "string", default: "results" },
    fresh: { type: "boolean", default: false },
    into: { type: "string" },
  },
  async run(values, positionals) {
    const [name] = positionals;
    if (!name) throw new UsageError("name a study");
    const plan = readPlan(name);
    if (plan) Object.assign(values, { into: name, quick: plan.quick, seeds: values.seeds ?? plan.seeds, steps: values.steps ?? plan.steps });
    const study = plan ? parseStudy(plan.study, await studyVocabulary(), join(name, "plan.json")) : resolveStudy(name, await studyVocabulary());
    const integer = (flag: string) => {
      const value = values[flag];
      if (value === undefined) return undefined;
      const number = Number(value);
      if (!Number.isInteger(number) || number < 0) throw new UsageError(`--${flag}: "${value}" is not a whole number >= 0`);
      return number;
    };
    const started = performance.now();
    const outcome = await runStudy(study, {
      quick: Boolean(values.quick),
      seeds: integer("seeds"),
      trainSteps: integer("steps"),
      workers: integer("workers"),
      resultsRoot: String(values.results),
      fresh: Boolean(values.fresh),
      directory: values.into === undefined ? undefined : String(values.into),
    });
    console.log(
      `${study.name}: ${outcome.results.length} runs in ${outcome.directory}${outcome.resumed ? ` (resumed: ${outcome.skipped} were already done)` : ""}, ${formatDuration((performance.now() - started) / 1000)}`,
    );
    for (const failure of outcome.failures) console.error(`run ${failure.id} failed:\n${failure.message}`);
    if (outcome.results.length > 0) {
      const { files } = await buildReport(study, outcome.results, outcome.directory);
      console.log(`report: ${files.filter((file) => !file.startsWith("figures/")).map((file) => `${outcome.directory}/${file}`).join(", ")}`);
    }
    return outcome.failures.length > 0 ? 1 : 0;
  },
};

/** A results folder's plan (`grid run <folder>` resumes its study with the options it was started with). */
function readPlan(path: string): { study: unknown; quick: boolean; seeds?: string; steps?: string } | undefined {
  if (!existsSync(path) || !statSync(path).isDirectory()) return undefined;
  const planPath = join(path, "plan.json");
  if (!existsSync(planPath)) throw new UsageError(`${path} is a folder without plan.json; expected a results folder made by grid run`);
  const plan = JSON.parse(readFileSync(planPath, "utf8")) as { study: unknown; quick?: boolean; seeds?: number; trainSteps?: number };
  const text = (value: number | undefined) => (value === undefined ? undefined : String(value));
  return { study: plan.study, quick: plan.quick ?? false, seeds: text(plan.seeds), steps: text(plan.trainSteps) };
}
