/**
 * Multiple-comparison corrections, matching statsmodels 0.13's
 * `multipletests(p, alpha, method="holm" | "fdr_bh")`.
 */
import { requireAlpha, StatsInputError } from "./validation.js";

/** Options of the corrections. */
export interface CorrectionOptions {
  /** Family-wise error rate (Holm) or false discovery rate (Benjamini-Hochberg). Default 0.05. */
  alpha?: number;
}

/** Result of a correction; arrays are in the order of the input p-values. */
export interface CorrectionResult {
  /** Adjusted p-values, capped at 1; compare them with `alpha`. */
  adjustedPValues: number[];
  /** Whether each hypothesis is rejected at `alpha`. */
  reject: boolean[];
  /** The level used. */
  alpha: number;
}

function requirePValues(functionName: string, pValues: unknown): readonly number[] {
  if (!Array.isArray(pValues)) {
    throw new StatsInputError(functionName, "pValues", "is not an array", "an array of p-values in [0, 1] is accepted");
  }
  pValues.forEach((value: unknown, index) => {
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
      throw new StatsInputError(
        functionName,
        "pValues",
        `contains ${String(value)} at index ${index}`,
        "only p-values in [0, 1] are accepted",
      );
    }
  });
  return pValues as readonly number[];
}

/** What both corrections start from: the inputs checked, the ascending order, and the result arrays to fill. */
function startCorrection(functionName: string, pValues: readonly number[], options: CorrectionOptions) {
  requirePValues(functionName, pValues);
  const alpha = requireAlpha(functionName, "options.alpha", options.alpha ?? 0.05);
  const count = pValues.length;
  return {
    alpha,
    count,
    order: ascendingOrder(pValues),
    adjustedPValues: new Array<number>(count),
    reject: new Array<boolean>(count).fill(false),
  };
}

function ascendingOrder(values: readonly number[]): number[] {
  return values.map((_, index) => index).sort((left, right) => values[left] - values[right]);
}

/**
 * Holm-Bonferroni step-down correction (controls the family-wise error rate).
 * With the p-values sorted ascending, p_(1) <= ... <= p_(m), the adjusted values
 * are max over j <= i of min(1, (m - j + 1) p_(j)); hypotheses are rejected
 * while p_(i) <= alpha / (m - i + 1), stopping at the first that is not. An
 * empty array gives empty results.
 */
export function holmBonferroni(pValues: readonly number[], options: CorrectionOptions = {}): CorrectionResult {
  const { alpha, count, order, adjustedPValues, reject } = startCorrection("holmBonferroni", pValues, options);
  let runningMaximum = 0;
  let stillRejecting = true;
  order.forEach((originalIndex, rank) => {
    const multiplier = count - rank;
    const pValue = pValues[originalIndex];
    runningMaximum = Math.max(runningMaximum, Math.min(1, multiplier * pValue));
    adjustedPValues[originalIndex] = runningMaximum;
    stillRejecting = stillRejecting && pValue <= alpha / multiplier;
    reject[originalIndex] = stillRejecting;
  });
  return { adjustedPValues, reject, alpha };
}

/**
 * Benjamini-Hochberg step-up correction (controls the false discovery rate
 * under independence or positive dependence). With the p-values sorted
 * ascending, the adjusted value of rank i is min over j >= i of
 * min(1, m p_(j) / j); the hypotheses of ranks 1..k are rejected where k is
 * the largest rank with p_(k) <= k alpha / m.
 */
export function benjaminiHochberg(pValues: readonly number[], options: CorrectionOptions = {}): CorrectionResult {
  const { alpha, count, order, adjustedPValues, reject } = startCorrection("benjaminiHochberg", pValues, options);
  let largestRejectedRank = -1;
  order.forEach((originalIndex, rank) => {
    if (pValues[originalIndex] <= ((rank + 1) * alpha) / count) largestRejectedRank = rank;
  });
  let runningMinimum = 1;
  for (let rank = count - 1; rank >= 0; rank--) {
    const originalIndex = order[rank];
    runningMinimum = Math.min(runningMinimum, (count * pValues[originalIndex]) / (rank + 1));
    adjustedPValues[originalIndex] = runningMinimum;
    reject[originalIndex] = rank <= largestRejectedRank;
  }
  return { adjustedPValues, reject, alpha };
}
