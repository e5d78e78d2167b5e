import { meanConfidenceInterval } from "@grid/stats";

/** A condition's values summarised: mean, two-sided 95% Student-t interval (n - 1 degrees of freedom) and n. */
export interface Summary {
  mean: number;
  low: number;
  high: number;
  n: number;
}

export const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Mean and 95% t-interval of the finite values (the interval is the mean itself for a single value). */
export function summarise(values: readonly number[]): Summary {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length < 2) return { mean: finite[0] ?? Number.NaN, low: finite[0] ?? Number.NaN, high: finite[0] ?? Number.NaN, n: finite.length };
  const interval = meanConfidenceInterval(finite, { confidence: 0.95 });
  return { mean: interval.mean, low: interval.confidenceInterval[0], high: interval.confidenceInterval[1], n: finite.length };
}
