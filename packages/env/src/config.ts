/**
 * The environment's configuration, by concern: each concern is one zod object in its own file under `config/`
 * (physics, safety, actions, observation, reward), merged into the flat `GridConfig` the kernel reads. A configuration
 * may be written flat (as every study, configuration and checkpoint before the concerns were) or by concern.
 */
export { type ActionMode, actionModeSchema, actionsSchema } from "./config/actions.js";
export { ConfigError, type ConfigProblem, fieldPath, zodProblems } from "./config/errors.js";
export {
  GRID_CONFIG_GROUP_NAMES,
  GRID_CONFIG_GROUPS,
  GROUP_OF_FIELD,
  type GridConfig,
  type GridConfigDocument,
  type GridConfigGroup,
  type GridConfigInput,
  type GroupedGridConfig,
  type GroupedGridConfigInput,
  gridConfigSchema,
  groupGridConfig,
} from "./config/grid-config.js";
export { type Communication, communicationSchema, type ForecastFeatures, forecastFeaturesSchema, observationSchema } from "./config/observation.js";
export { type FlexibilityMode, flexibilityModeSchema, physicsSchema } from "./config/physics.js";
export { ARTICLE_CONFIG, type GridConfigReading, parseGridConfig, readGridConfigDocument, readGridConfigInput } from "./config/read-config.js";
export { type RewardStructure, type RewardWeights, rewardSchema, rewardStructureSchema, rewardWeightsSchema } from "./config/reward.js";
export { type GuardForecast, guardForecastSchema, safetySchema } from "./config/safety.js";
