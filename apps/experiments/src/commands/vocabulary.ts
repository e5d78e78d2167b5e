import { listAlgorithms } from "@grid/algos";
import { listBaselines } from "@grid/baselines";
import { listScenarios } from "@grid/env";
import type { StudyVocabulary } from "../studies/load.js";

/** The names a study may use: registered scenarios, algorithms and baselines. */
export async function studyVocabulary(): Promise<StudyVocabulary> {
  return {
    scenarios: listScenarios().map((scenario) => scenario.name),
    algorithms: listAlgorithms().map((algorithm) => algorithm.name),
    baselines: listBaselines().map((baseline) => baseline.name),
  };
}
