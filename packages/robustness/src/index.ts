export { type FallbackCounts, type FallbackOptions, type FallbackOptionsInput, FallbackPolicy, fallbackOptionsSchema } from "./fallback.js";
export { MeasuredEnv, measuredEntries } from "./measured-env.js";
export { type AgentFailurePerturbation, AgentFailurePolicy, agentFailurePerturbationSchema } from "./perturbations/agent-failure.js";
export { type CommunicationPerturbation, communicationPerturbationSchema } from "./perturbations/communication.js";
export { type DriftPerturbation, driftPerturbationSchema, NominalConfigPolicy } from "./perturbations/drift.js";
export { type ForecastPerturbation, forecastPerturbationSchema } from "./perturbations/forecast.js";
export {
  type SensorFault,
  type SensorFaultKind,
  SensorFaultPolicy,
  type SensorPerturbation,
  sensorFaultKindSchema,
  sensorPerturbationSchema,
} from "./perturbations/sensor.js";
export { type AgentSelector, agentSelectorSchema, type CaseContext, type StressCase, selectAgents } from "./perturbations/stress-case.js";
export { type WeatherPerturbation, weatherPerturbationSchema, worstDays } from "./perturbations/weather.js";
export { measureStress, type RunFigures, runStress, type StressOptions, type StressReport, type StressTarget } from "./run-stress.js";
export { type CaseFigures, type StressMeasurement, summarizeStress } from "./stress-measurement.js";
export { poolPolicySeeds } from "./pool-seeds.js";
export { type CaseHead, type MetricSummary, NOMINAL_HEAD, STRESS_METRICS, type StressMetric, type StressRow, summarizeCase } from "./stress-summary.js";
export {
  DEFAULT_PERTURBATIONS,
  PERTURBATION_FAMILIES,
  type Perturbation,
  type PerturbationInput,
  parseStressSuite,
  perturbationSchema,
  type StressSuite,
  type StressSuiteInput,
  stressSuiteSchema,
  suiteCases,
} from "./suite.js";
export { LiveFeeder } from "./shadow/live-feeder.js";
export { type ShadowStepRecord, type ShadowSummary, type StepOutcome, stepOutcome } from "./shadow/shadow-records.js";
export { type ShadowOptions, type ShadowRecord, runShadow } from "./shadow/shadow-run.js";
export { stressTableMarkdown } from "./stress-table.js";
