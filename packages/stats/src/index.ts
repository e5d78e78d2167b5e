/**
 * @grid/stats: significance tests, rliable-style aggregates and ablation
 * tables for reporting multi-seed RL results honestly.
 */
export {
  type AblationCell,
  type AblationComparison,
  type AblationCorrection,
  type AblationRun,
  type AblationTable,
  type AblationTableData,
  type AblationTableOptions,
  type AblationTest,
  ablationTable,
  ablationTableToCsv,
  ablationTableToJson,
  ablationTableToMarkdown,
  type ResolvedAblationOptions,
} from "./ablation-table.js";
export {
  type AggregateFunction,
  type AggregateName,
  aggregateScores,
  type BootstrapConfidenceInterval,
  type BootstrapOptions,
  bootstrapConfidenceInterval,
  interquartileMean,
  type OptimalityGapOptions,
  optimalityGap,
  type PerformanceProfile,
  type PerformanceProfileOptions,
  performanceProfile,
  type SampleStatistic,
  type ScoresByTask,
  type StratifiedBootstrapOptions,
  stratifiedBootstrapConfidenceInterval,
} from "./aggregates.js";
export { benjaminiHochberg, type CorrectionOptions, type CorrectionResult, holmBonferroni } from "./corrections.js";
export {
  describe,
  type MeanConfidenceInterval,
  type MeanConfidenceIntervalOptions,
  meanConfidenceInterval,
  type SampleDescription,
} from "./descriptives.js";
export {
  type Alternative,
  normalCdf,
  normalSurvival,
  studentTCdf,
  studentTQuantile,
  studentTSurvival,
} from "./distributions.js";
export { cohensD, hedgesCorrection, hedgesG, probabilityOfImprovement } from "./effect-sizes.js";
export { type PermutationTestOptions, type PermutationTestResult, permutationTest } from "./permutation.js";
export { createRandomSource, type RandomSource } from "./random.js";
export {
  type MannWhitneyAlternative,
  type MannWhitneyMethod,
  type MannWhitneyOptions,
  type MannWhitneyResult,
  mannWhitneyU,
} from "./rank-tests.js";
export { pairedTTest, studentTTest, type TTestOptions, type TTestResult, welchTTest } from "./t-tests.js";
export { StatsInputError } from "./validation.js";
