import type { RunFigures, StressReport } from "./run-stress.js";
import { type CaseHead, summarizeCase } from "./stress-summary.js";

/** One row's raw figures: the nominal run or one case, each run's figures per day as `[policy seed][evaluation seed]`. */
export interface CaseFigures extends CaseHead {
  /** Why the case was not run (its `runs` are then empty). */
  notApplicable?: string;
  runs: RunFigures[][];
}

/**
 * What {@link measureStress} measured, before any summary: numbers only (no traces), small enough to keep in a study's
 * run file and to pool over training seeds later ({@link poolPolicySeeds}).
 */
export interface StressMeasurement {
  policy: string;
  /** The policy that acted for agents with invalid measurements. */
  fallback: string;
  policySeeds: number;
  evaluationSeeds: number;
  /** The nominal row first, then one per case of the suite. */
  cases: CaseFigures[];
  elapsedSeconds: number;
}

/** The report of a measurement: every row's means, 95% intervals and degradation against its nominal row. */
export function summarizeStress(measurement: StressMeasurement): StressReport {
  const nominal = measurement.cases[0];
  if (nominal?.family !== "nominal") throw new Error(`stress measurement of ${measurement.policy}: the first row is ${nominal?.family ?? "missing"}, expected nominal`);
  const { cases, ...about } = measurement;
  return { ...about, rows: cases.map((row) => summarizeCase(row, row.runs, nominal.runs, row.notApplicable)) };
}
