export { actionForValue, holdAction } from "./actions.js";
export {
  buildDispatchModel,
  checkPlannable,
  type DispatchModel,
  type DispatchPlan,
  type DispatchProblem,
  dispatchProblemFromEnv,
  PLAN_MARGIN,
  PlanningError,
  solveDispatch,
} from "./dispatch-program.js";
export { EnvProbe } from "./env-probe.js";
export { COORDINATION_KEYS, CoordinationAccumulator, type CoordinationMetrics, pearson } from "./coordination.js";
export { type EvaluationOptions, type EvaluationResult, evaluatePolicy, evaluationStartSteps } from "./evaluate.js";
export { GreedyPolicy, type GreedyPolicyOptions } from "./greedy.js";
export { IdlePolicy } from "./idle.js";
export { type AggregateMetrics, aggregateMetrics, type EpisodeMetrics, gapClosed, jainIndex, relativeSavings } from "./metrics.js";
export { MpcPolicy, type MpcPolicyOptions } from "./mpc.js";
export { OptimalPolicy, type OptimalPolicyOptions } from "./optimal.js";
export { writePlanActions } from "./plan-replay.js";
export { RandomPolicy, type RandomPolicyOptions } from "./random.js";
export {
  type BaselineInfo,
  type BaselineName,
  type BaselineOptions,
  createBaseline,
  isBaselineName,
  listBaselines,
} from "./registry.js";
export { RulePolicy, type RulePolicyOptions } from "./rule.js";
export { type DataRuleThresholds, DataRulePolicy, type DataRulePolicyOptions, dataRuleOptions } from "./rule-data.js";
export { type LinearSolver, loadLinearSolver } from "./solver.js";
