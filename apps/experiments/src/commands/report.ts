import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineCommand, UsageError } from "../command.js";
import { buildReport } from "../report/build.js";
import { ResultStore } from "../runs/store.js";
import { planStudy } from "../studies/load.js";

export const reportCommand = defineCommand({
  name: "report",
  summary: "Rebuild a study's tables, figures and report.html from its results folder",
  arguments: [{ name: "<results-dir>", description: "a study's folder, results/<study>/<timestamp>, with plan.json and runs/" }],
  options: {},
  async run(_values, positionals) {
    const [directory] = positionals;
    const planPath = join(directory, "plan.json");
    if (!existsSync(planPath)) throw new UsageError(`${planPath} does not exist; expected a folder made by grid run`);
    const plan = JSON.parse(readFileSync(planPath, "utf8")) as { study: unknown; runs: string[] };
    const study = planStudy(plan, planPath);
    const store = new ResultStore(directory);
    const results = store.load();
    const failures = store.failures();
    const { files } = await buildReport(study, results, directory, failures);
    console.log(`${results.length} of ${plan.runs.length} runs reported: ${files.filter((file) => !file.startsWith("figures/")).join(", ")} in ${directory}`);
    for (const failure of failures) console.error(`failed: ${failure.id}: ${failure.message.split("\n")[0]} (${store.failurePath(failure.id)})`);
    return 0;
  },
});
