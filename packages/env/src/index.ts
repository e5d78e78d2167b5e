export {
  ARTICLE_CONFIG,
  type ActionMode,
  type Communication,
  ConfigError,
  type FlexibilityMode,
  type GridConfig,
  type GridConfigInput,
  gridConfigSchema,
  parseGridConfig,
  type RewardStructure,
  type RewardWeights,
  zodProblems,
} from "./config.js";
export { Sfc32 } from "./rng.js";
export type { BoxSpace, DiscreteSpace, Space } from "./spaces.js";
export {
  BASE_STATE_SIZE,
  type ConsumerInfoBuffers,
  LOCAL_OBSERVATION_SIZE,
  type StepInfoBuffers,
  VecGridEnv,
  type VecGridEnvOptions,
} from "./vec-env.js";
export { type AgentRecord, GridEnv, type GridStepInfo, type ResetResult, type StepResult } from "./grid-env.js";
export type { Policy } from "./policy.js";
export {
  type DayRange,
  dayStartSteps,
  getScenario,
  listScenarios,
  registerScenario,
  type Scenario,
  startStepsInDays,
  stepsPerDay,
} from "./scenarios.js";
