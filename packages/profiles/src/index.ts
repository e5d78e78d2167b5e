export type { ConsumerProfile, EngineeredFeatures, ProfileTable } from "./profile-table.js";
export { profileLength } from "./profile-table.js";
export { computeFeatures, FEATURE_WINDOW_STEPS, forwardMean, trailingMean, zScore } from "./features.js";
export { createRandom, type RandomSource } from "./random.js";
export {
  ARTICLE_PROFILE_OPTIONS,
  generateSyntheticProfiles,
  parseStartDate,
  type SyntheticProfileOptions,
} from "./synthetic.js";
export { type CsvDocument, type DataIssue, DataFileError, formatIssue, parseCsv, parseNumberCell, splitCsvLine } from "./csv.js";
export { formatTimestamp, type ParsedTimestamp, parseTimestamp } from "./timestamps.js";
export { FEATURE_COLUMNS, parseProfileCsv, RAW_COLUMNS, readProfileCsv } from "./profile-csv.js";
export { sharedDataDirectory } from "./shared-paths.js";
