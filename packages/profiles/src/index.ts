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
export { type CsvValue, formatCsv, formatCsvField, formatCsvLines, formatCsvRow } from "./csv-write.js";
export { writeFileAtomic } from "./atomic-write.js";
export { profileCsvLines } from "./profile-csv-lines.js";
export { type ProfileRow, ProfileRowReader } from "./profile-row.js";
export { formatTimestamp, type ParsedTimestamp, parseTimestamp } from "./timestamps.js";
export { FEATURE_COLUMNS, type ProfileCsvOptions, parseProfileCsv, RAW_COLUMNS, readProfileCsv } from "./profile-csv.js";
export { sharedDataDirectory } from "./shared-paths.js";
export {
  assertTimeZone,
  formatLocalTimestamp,
  instantsOfLocalClock,
  type LocalTimeProblem,
  localClockMs,
  localClocksToInstants,
  localHoursOfDay,
  timeZoneOffsetMs,
  UTC_TIME_ZONE,
} from "./time-zones.js";
export {
  type AlignedSeries,
  type AlignmentOptions,
  type AlignmentResult,
  alignSeries,
  type FilledGap,
  type SeriesKind,
  type TimeSeriesInput,
} from "./time-align.js";
export {
  buildProfileTable,
  energyKwh,
  featureWindowSteps,
  localDayStarts,
  type ProfileSummary,
  type ProfileTableParts,
  sliceProfiles,
  summarizeProfiles,
} from "./table-tools.js";
export {
  drawHouseholdTraits,
  generateHouseholdProfiles,
  HOUSEHOLD_PROFILE_DEFAULTS,
  type Heatwave,
  type HouseholdProfileOptions,
  type HouseholdTraits,
} from "./households.js";
export {
  type CityLearnBattery,
  type CityLearnBuilding,
  type CityLearnDataset,
  type CityLearnOptions,
  isCityLearnFolder,
  readCityLearnDataset,
} from "./citylearn.js";
