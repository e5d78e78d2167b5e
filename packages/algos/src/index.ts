import { registerBuiltinAlgorithms } from "./algorithms.js";

registerBuiltinAlgorithms();

export { tf } from "./tensorflow.js";
export { BACKEND_NAMES, type BackendName, availableBackends, currentBackend, isBackendAvailable, selectBackend } from "./backend.js";
export { Mlp, type MlpSpec } from "./mlp.js";
export {
  type AgentShape,
  actorInputSize,
  agentRole,
  agentShapeOf,
  buildActors,
  type NetworkGroup,
  type NetworkOptions,
  NetworkSet,
  type ParameterSharing,
  ROLE_FEATURES,
  sharingGroups,
  writeActorInputs,
} from "./actors.js";
export { ActorPolicy, type ActorOutput, checkShape } from "./actor-policy.js";
export { ReturnNormalizer, type ReturnNormalizerState } from "./normalizer.js";
export { computeGae } from "./gae.js";
export { clipGradientsByGlobalNorm } from "./gradients.js";
export { type AdamState, readAdamState, writeAdamState } from "./optimizer-state.js";
export {
  type ActorSpec,
  type AlgorithmDefinition,
  type AlgorithmFlags,
  createTrainer,
  getAlgorithm,
  type IterateOptions,
  type IterationStats,
  listAlgorithms,
  parseAlgorithmConfig,
  registerAlgorithm,
  type Trainer,
  type TrainerState,
  type TrainingSetup,
} from "./algorithm.js";
export {
  type ActorCriticConfig,
  ActorCriticTrainer,
  actorCriticAlgorithm,
  actorCriticConfigSchema,
  actorCriticSchema,
  type CriticInput,
  PPO_DEFAULTS,
} from "./actor-critic.js";
export { DIAGNOSTIC_NAMES, type DiagnosticName, type TrainingDiagnostics } from "./diagnostics.js";
export { type MaddpgConfig, MaddpgTrainer, maddpgAlgorithm, maddpgSchema } from "./maddpg.js";
export { acCtdeAlgorithm, ippoAlgorithm, mappoAlgorithm, registerBuiltinAlgorithms } from "./algorithms.js";
export {
  CHECKPOINT_FORMAT,
  type CheckpointInfo,
  type CheckpointManifest,
  loadPolicy,
  readCheckpoint,
  resumeTrainer,
  saveCheckpoint,
} from "./checkpoint.js";
export {
  createWarmStartExpert,
  type EvaluationSummary,
  type TrainingProgress,
  type TrainOptions,
  type TrainResult,
  trainingStartSteps,
  trainOnScenario,
} from "./train.js";
export {
  mergeRecipe,
  parseTrainingRecipe,
  policyEnvConfig,
  publishedRecipe,
  RAW_RECIPE,
  rewardWeightOverridesSchema,
  type TrainingEnv,
  trainingEnvConfig,
  trainingEnvSchema,
  type TrainingRecipe,
  type TrainingRecipeInput,
  type TrainingRecipeOverrides,
  trainingRecipeOverridesSchema,
  trainingRecipeSchema,
  type ViolationPrice,
  violationPriceSchema,
} from "./recipe.js";
export { type DerivedRecipe, derivedActionSet, RECIPE_DERIVATION_VERSION, recipeFor, type ScenarioFacts, scenarioFacts } from "./recipe-for.js";
