import { meanConfidenceInterval } from "@grid/stats";
import type { RunFigures } from "./run-stress.js";

/** The figures a stress row reports, each per day. */
export const STRESS_METRICS = ["systemCostUsd", "violatingSteps", "comfortOverflowKwh", "fallbackAgentSteps"] as const;
export type StressMetric = (typeof STRESS_METRICS)[number];

/** One figure over a row's runs and its change against nominal. */
export interface MetricSummary {
  mean: number;
  /** 95% Student-t interval over the runs (null with fewer than 2 runs). */
  interval: [number, number] | null;
  /** Mean of (this run - the nominal run of the same policy seed), in the figure's unit. */
  degradation: number;
  /** 95% Student-t interval of the paired differences (null with fewer than 2 runs). */
  degradationInterval: [number, number] | null;
  /** The degradation as a percentage of the nominal mean (null when the nominal mean is 0). */
  degradationPct: number | null;
}

/** What names a row of a stress report: the nominal run (`nominal`, `none`, null, "") or one case. */
export interface CaseHead {
  /** `nominal`, or the case's family. */
  family: string;
  kind: string;
  severity: number | string | null;
  severityUnit: string;
}

/** The nominal row's head. */
export const NOMINAL_HEAD: CaseHead = { family: "nominal", kind: "none", severity: null, severityUnit: "" };

/** One row of a stress report: the nominal run or one case. */
export interface StressRow extends CaseHead {
  /** Runs behind the row (policy seeds x evaluation seeds); 0 when not applicable. */
  runs: number;
  /** Episodes (test days) of each run. */
  episodes: number;
  /** Why the case was not run. */
  notApplicable?: string;
  metrics: Record<StressMetric, MetricSummary> | null;
}

function interval(values: number[]): [number, number] | null {
  return values.length < 2 ? null : meanConfidenceInterval(values).confidenceInterval;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * A row from its runs ([policy seed][evaluation seed]) and the nominal runs: each run is paired with the nominal run
 * of its policy seed and evaluation seed when the nominal has as many evaluation seeds, else with the mean of its
 * policy seed's nominal runs.
 */
export function summarizeCase(row: CaseHead, runs: RunFigures[][], nominal: RunFigures[][], notApplicable?: string): StressRow {
  const head: CaseHead = { family: row.family, kind: row.kind, severity: row.severity, severityUnit: row.severityUnit };
  const flat = runs.flat();
  if (flat.length === 0) return { ...head, runs: 0, episodes: 0, notApplicable, metrics: null };
  const metrics = {} as Record<StressMetric, MetricSummary>;
  for (const metric of STRESS_METRICS) {
    const values = flat.map((run) => run[metric]);
    const differences = runs.flatMap((perSeed, policyIndex) =>
      perSeed.map((run, seed) => {
        const reference = nominal[policyIndex];
        const paired = reference.length === perSeed.length ? reference[seed][metric] : mean(reference.map((one) => one[metric]));
        return run[metric] - paired;
      }),
    );
    const nominalMean = mean(nominal.flat().map((run) => run[metric]));
    const degradation = mean(differences);
    metrics[metric] = {
      mean: mean(values),
      interval: interval(values),
      degradation,
      degradationInterval: interval(differences),
      degradationPct: nominalMean === 0 ? null : (100 * degradation) / Math.abs(nominalMean),
    };
  }
  return { ...head, runs: flat.length, episodes: flat[0].episodes, metrics };
}
