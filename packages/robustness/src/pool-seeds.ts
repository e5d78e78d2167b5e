import type { RunFigures } from "./run-stress.js";
import type { CaseFigures, StressMeasurement } from "./stress-measurement.js";

const FIGURE_FIELDS = ["systemCostUsd", "violatingSteps", "comfortOverflowKwh", "fallbackAgentSteps", "episodes"] as const;

/** The mean of runs' figures, field by field. */
function meanFigures(runs: RunFigures[]): RunFigures {
  const mean = {} as RunFigures;
  for (const field of FIGURE_FIELDS) mean[field] = runs.reduce((sum, run) => sum + run[field], 0) / runs.length;
  return mean;
}

const rowName = (row: CaseFigures) => `${row.family}/${row.kind} ${row.severity ?? ""}`.trim();

/**
 * One policy's measurements (e.g. one per training seed, each run apart) as one measurement with a run per policy
 * seed, each the mean over its evaluation seeds: its summary's intervals are then over the policy seeds alone, and
 * each degradation is paired with the same seed's nominal. The measurements must have the same rows in the same order
 * (the same suite); a mismatch throws naming the row.
 */
export function poolPolicySeeds(measurements: StressMeasurement[]): StressMeasurement {
  const [first, ...rest] = measurements;
  if (first === undefined) throw new Error("poolPolicySeeds: no measurements; expected one or more of one policy");
  for (const other of rest) {
    if (other.policy !== first.policy) throw new Error(`poolPolicySeeds: measurements of ${first.policy} and ${other.policy}; expected one policy`);
    if (other.cases.length !== first.cases.length) {
      throw new Error(`poolPolicySeeds: ${first.policy}'s measurements have ${first.cases.length} and ${other.cases.length} rows; expected the same suite`);
    }
    other.cases.forEach((row, index) => {
      if (rowName(row) !== rowName(first.cases[index])) {
        throw new Error(`poolPolicySeeds: ${first.policy}'s row ${index} is ${rowName(first.cases[index])} in one measurement and ${rowName(row)} in another; expected the same suite`);
      }
    });
  }
  const cases = first.cases.map((row, index): CaseFigures => {
    const perSeed = measurements.flatMap((measurement) => measurement.cases[index].runs).filter((runs) => runs.length > 0);
    return { ...row, runs: perSeed.map((runs) => [meanFigures(runs)]) };
  });
  return {
    policy: first.policy,
    fallback: first.fallback,
    policySeeds: measurements.reduce((sum, measurement) => sum + measurement.policySeeds, 0),
    evaluationSeeds: first.evaluationSeeds,
    cases,
    elapsedSeconds: measurements.reduce((sum, measurement) => sum + measurement.elapsedSeconds, 0),
  };
}
