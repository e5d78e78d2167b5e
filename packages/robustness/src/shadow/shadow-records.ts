import type { VecGridEnv } from "@grid/env";
import type { ProfileRow } from "@grid/profiles";

/** What one step did (or would have done) on the feeder. */
export interface StepOutcome {
  /** Each agent's action as a value in [-1, 1], in the environment's agent order. */
  actions: number[];
  systemCostUsd: number;
  netImportKw: number;
  congestionKw: number;
  exportViolationKw: number;
  /** True when the step broke the feeder capacity or the export limit. */
  violation: boolean;
}

/** One step of a shadow run's log. */
export interface ShadowStepRecord {
  type: "step";
  step: number;
  /** The row's line in the stream (a filled step: the line of the row repeated). */
  line: number;
  timestamp: string;
  /** True for a step missing from the stream, held from the previous row. */
  filled: boolean;
  /** The applied baseline's step. */
  baseline: StepOutcome;
  /** The shadowed policy's what-if step from the same state. */
  shadow: StepOutcome;
  /** Mean over agents of |shadow action - baseline action| (values in [-1, 1]) and how many agents differ. */
  divergence: { meanAbsAction: number; agentsDiffering: number };
  /** Agents whose shadowed action was the fallback's this step (invalid measurements). */
  fallbackAgents: number;
}

/** The end of a shadow run's log. */
export interface ShadowSummary {
  type: "summary";
  baseline: string;
  shadowed: string;
  steps: number;
  filledSteps: number;
  badRows: { line: number; issues: string[] }[];
  /** The line a bad row stopped the run at (`--on-bad-row stop`). */
  stoppedAtLine: number | null;
  /** The baseline's cost over the run and its violating steps. */
  baselineSystemCostUsd: number;
  baselineViolatingSteps: number;
  /** The shadowed policy's what-if costs summed over the steps (each from the baseline's state) and its violating steps. */
  shadowSystemCostUsd: number;
  shadowViolatingSteps: number;
  meanAbsActionDivergence: number;
  /** Steps where at least one agent's action differed. */
  divergingSteps: number;
  fallbackAgentSteps: number;
}

/** The outcome of the step `env` (one env) has just taken with `actions`. */
export function stepOutcome(env: VecGridEnv, actions: Float32Array): StepOutcome {
  const info = env.info;
  return {
    actions: Array.from(actions, (action, agent) => env.actionValue(action, agent)),
    systemCostUsd: info.systemCostUsd[0],
    netImportKw: info.netImportKw[0],
    congestionKw: info.congestionKw[0],
    exportViolationKw: info.exportViolationKw[0],
    violation: info.congestionKw[0] > 0 || info.exportViolationKw[0] > 0,
  };
}

/** Running totals of a shadow run, and each step's record. */
export class ShadowTally {
  private readonly totals: ShadowSummary;
  private divergenceSum = 0;

  constructor(baseline: string, shadowed: string) {
    this.totals = {
      type: "summary",
      baseline,
      shadowed,
      steps: 0,
      filledSteps: 0,
      badRows: [],
      stoppedAtLine: null,
      baselineSystemCostUsd: 0,
      baselineViolatingSteps: 0,
      shadowSystemCostUsd: 0,
      shadowViolatingSteps: 0,
      meanAbsActionDivergence: 0,
      divergingSteps: 0,
      fallbackAgentSteps: 0,
    };
  }

  badRow(line: number, issues: string[], stops: boolean): void {
    this.totals.badRows.push({ line, issues });
    if (stops) this.totals.stoppedAtLine = line;
  }

  step(
    env: VecGridEnv,
    pending: { row: ProfileRow; filled: boolean; step: number; fallbackAgents: number },
    baseline: StepOutcome,
    shadow: StepOutcome,
  ): ShadowStepRecord {
    let absSum = 0;
    let differing = 0;
    baseline.actions.forEach((value, agent) => {
      absSum += Math.abs(shadow.actions[agent] - value);
      if (shadow.actions[agent] !== value) differing++;
    });
    const totals = this.totals;
    const meanAbsAction = absSum / env.numAgents;
    totals.steps++;
    if (pending.filled) totals.filledSteps++;
    totals.baselineSystemCostUsd += baseline.systemCostUsd;
    totals.shadowSystemCostUsd += shadow.systemCostUsd;
    if (baseline.violation) totals.baselineViolatingSteps++;
    if (shadow.violation) totals.shadowViolatingSteps++;
    if (differing > 0) totals.divergingSteps++;
    totals.fallbackAgentSteps += pending.fallbackAgents;
    this.divergenceSum += meanAbsAction;
    return {
      type: "step",
      step: pending.step,
      line: pending.row.line,
      timestamp: new Date(pending.row.epochMs).toISOString(),
      filled: pending.filled,
      baseline,
      shadow,
      divergence: { meanAbsAction, agentsDiffering: differing },
      fallbackAgents: pending.fallbackAgents,
    };
  }

  summary(): ShadowSummary {
    return { ...this.totals, meanAbsActionDivergence: this.totals.steps > 0 ? this.divergenceSum / this.totals.steps : 0 };
  }
}
