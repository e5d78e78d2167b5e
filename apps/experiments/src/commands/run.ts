import { formatDuration } from "../runs/progress.js";
import { runStudy } from "../runs/runner.js";
import { buildReport } from "../report/build.js";
import { builtinStudies } from "../studies/builtin.js";
import { resolveStudy } from "../studies/load.js";
import type { Command } from "../command.js";
import { UsageError } from "../command.js";
import { studyVocabulary } from "./vocabulary.js";

export const runCommand: Command = {
  name: "run",
  summary: "Run a study (built-in name or a .json/.yaml file): train, evaluate, test and report; resumable",
  usage: `grid run <study | study.json | study.yaml> [--quick] [--seeds N] [--steps N] [--workers N] [--results <dir>] [--fresh]

  <study>          ${builtinStudies.map((study) => study.name).join(", ")} (grid list), or a study file
  --quick          a few minutes on 2 cores: few seeds, short training, the quick subset of scenarios and settings
  --seeds N        seeds per learning cell (default: 10, quick: 3)
  --steps N        training env-steps per learning run (default: the study's, quick: 20,000)
  --workers N      worker threads (default: one per core; 0 runs in this thread)
  --results <dir>  results root (default: results); the study writes to <dir>/<study>/<timestamp>/
  --fresh          start a new results folder instead of resuming an interrupted one`,
  options: {
    quick: { type: "boolean", default: false },
    seeds: { type: "string" },
    steps: { type: "string" },
    workers: { type: "string" },
    results: { type: "string", default: "results" },
    fresh: { type: "boolean", default: false },
  },
  async run(values, positionals) {
    const [name] = positionals;
    if (!name) throw new UsageError("name a study");
    const study = resolveStudy(name, await studyVocabulary());
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
