export { type Command, UsageError } from "./command.js";
export { buildReport, deriveMetrics } from "./report/build.js";
export { expandStudy, type RunSpec, runId, STOCHASTIC_BASELINES } from "./runs/expand.js";
export { executeRun } from "./runs/execute.js";
export { runStudy, type RunStudyOptions, type StudyOutcome } from "./runs/runner.js";
export { ResultStore, type RunResult, studyDirectory, writeFileAtomic } from "./runs/store.js";
export { builtinStudies } from "./studies/builtin.js";
export { parseStudy, readStudyFile, resolveStudy, type StudyVocabulary } from "./studies/load.js";
export { type Study, type StudyInput, studySchema } from "./studies/schema.js";
