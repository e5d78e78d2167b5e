/** The configuration by concern (physics, safety, actions, observation, reward): see `config.ts`. */
export * from "./config.js";
export { Sfc32 } from "./rng.js";
export type { BoxSpace, DiscreteSpace, Space } from "./spaces.js";
export { VecGridEnv, type VecGridEnvOptions } from "./vec-env.js";
export type { GridData } from "./kernel/grid-data.js";
export { copyGridState, type GridState } from "./kernel/grid-state.js";
export type { GridForecast } from "./kernel/forecasts.js";
export {
  BASE_STATE_SIZE,
  FORECAST_FEATURE_SIZE,
  FORECAST_INDEX,
  LOCAL_OBSERVATION_SIZE,
  OBSERVATION_INDEX,
  type ObservationLayout,
  observationLayout,
  STATE_INDEX,
} from "./kernel/observation-index.js";
export { forecastWindowSteps } from "./kernel/forecast-features.js";
export {
  type ConsumerInfoBuffers,
  STEP_INFO,
  STEP_INFO_KEYS,
  type StepInfoBuffers,
  type StepInfoKey,
} from "./kernel/step-info.js";
export { type AgentRecord, GridEnv, type GridStepInfo, type ResetResult, type StepResult } from "./grid-env.js";
export type { Policy } from "./policy.js";
export {
  type DayRange,
  dayBoundaries,
  dayRangeOfDates,
  dayStartSteps,
  getScenario,
  listScenarios,
  registerScenario,
  type Scenario,
  startStepsInDays,
  stepsPerDay,
} from "./scenarios.js";
export {
  assignFlexibility,
  chronologicalSplit,
  type DatasetProfiles,
  type DatasetScenarioOptions,
  datasetConfig,
  type FeederLimits,
  feederLimitsFromData,
  pooledBattery,
  readDatasetProfiles,
  scenarioFromDataset,
  wholeDays,
} from "./dataset-scenario.js";
export {
  CITYLEARN_2022_CONFIG,
  cityLearn2022Directory,
  cityLearn2022Scenario,
  evEveningScenario,
  heatwaveScenario,
  highPvScenario,
  loadCityLearn2022,
  PRESET_SCENARIOS,
  scaleFeederConfig,
} from "./scenario-presets.js";
export { replicateConsumers, scaleScenario } from "./scale-scenario.js";
