import { holmBonferroni, pairedTTest } from "@grid/stats";
import type { RunResult } from "../runs/store.js";
import { cellOf } from "./derive.js";
import { mean } from "./summary.js";

/** A one-sample comparison of a learned condition's seeds with a deterministic baseline's single value. */
export interface ReferenceComparison {
  cell: string;
  metric: string;
  condition: string;
  reference: string;
  n: number;
  mean: number;
  referenceValue: number;
  pValue: number;
  /** Holm-corrected across every comparison of the family (all cells, references and metrics). */
  adjustedPValue: number;
  significant: boolean;
}

/**
 * Deterministic baselines run once: their value is a constant, not a sample. A learned condition is compared with
 * it by a one-sample t-test of its seeds against that constant (the paired t-test of each seed against the
 * constant, n - 1 degrees of freedom), Holm-corrected across the whole family. Rows come in the order of
 * `references` (the study's baselines first), then cells, conditions and metrics.
 */
export function referenceComparisons(results: RunResult[], references: string[], metrics: string[], alpha = 0.05): ReferenceComparison[] {
  const raw: Omit<ReferenceComparison, "adjustedPValue" | "significant">[] = [];
  const cells = [...new Set(results.map(cellOf))];
  for (const reference of references) {
    for (const cell of cells) {
      const inCell = results.filter((result) => cellOf(result) === cell);
      const referenceRuns = inCell.filter((result) => result.spec.policy === reference);
      if (referenceRuns.length !== 1) continue;
      const learned = [...new Set(inCell.filter((result) => result.spec.kind === "algorithm").map((result) => result.spec.policy))];
      for (const condition of learned) {
        const runs = inCell.filter((result) => result.spec.policy === condition);
        for (const metric of metrics) {
          const values = runs.map((run) => run.metrics[metric]).filter((value) => Number.isFinite(value));
          const referenceValue = referenceRuns[0].metrics[metric];
          if (values.length < 2 || !Number.isFinite(referenceValue)) continue;
          if (Math.max(...values) === Math.min(...values)) continue;
          const test = pairedTTest(values, values.map(() => referenceValue));
          raw.push({ cell, metric, condition, reference, n: values.length, mean: mean(values), referenceValue, pValue: test.pValue });
        }
      }
    }
  }
  if (raw.length === 0) return [];
  const corrected = holmBonferroni(raw.map((row) => row.pValue), { alpha });
  return raw.map((row, i) => ({ ...row, adjustedPValue: corrected.adjustedPValues[i], significant: corrected.reject[i] }));
}
