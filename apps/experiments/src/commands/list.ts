import { listAlgorithms } from "@grid/algos";
import { listBaselines } from "@grid/baselines";
import { listScenarios } from "@grid/env";
import { defineCommand } from "../command.js";
import { JSON_OPTION } from "./scenario-options.js";
import { expandStudy } from "../runs/expand.js";
import { builtinStudies } from "../studies/builtin.js";
import { parseStudy } from "../studies/load.js";
import { studyVocabulary } from "./vocabulary.js";

export const listCommand = defineCommand({
  name: "list",
  summary: "List the built-in studies, scenarios, algorithms and baselines",
  options: { json: JSON_OPTION },
  async run(values) {
    const vocabulary = await studyVocabulary();
    const studies = builtinStudies.map((input) => {
      const study = parseStudy(input, vocabulary);
      return { name: study.name, description: study.description, runs: expandStudy(study).length, quickRuns: expandStudy(study, { quick: true }).length };
    });
    const scenarios = listScenarios().map((scenario) => ({ name: scenario.name, description: scenario.description }));
    const algorithms = listAlgorithms().map((algorithm) => ({ name: algorithm.name, description: algorithm.description, flags: algorithm.flags }));
    const baselines = listBaselines().map((baseline) => ({ name: baseline.name, description: baseline.summary }));
    if (values.json) {
      console.log(JSON.stringify({ studies, scenarios, algorithms, baselines }, null, 1));
      return 0;
    }
    console.log("Studies (grid run <name> [--quick]):");
    for (const study of studies) console.log(`  ${study.name.padEnd(18)} ${study.runs} runs (${study.quickRuns} quick). ${study.description}`);
    console.log("\nScenarios (--scenario <name>):");
    for (const scenario of scenarios) console.log(`  ${scenario.name.padEnd(18)} ${scenario.description}`);
    console.log("\nAlgorithms (--algo <name>):");
    for (const algorithm of algorithms) console.log(`  ${algorithm.name.padEnd(18)} ${algorithm.description}`);
    console.log("\nBaselines (--policy <name>):");
    for (const baseline of baselines) console.log(`  ${baseline.name.padEnd(18)} ${baseline.description}`);
    return 0;
  },
});
