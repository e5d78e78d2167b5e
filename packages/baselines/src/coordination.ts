import type { VecGridEnv } from "@grid/env";

/**
 * How the agents' actions fit together in one episode (the seed paper's question 3: what coordination emerges),
 * measured from what they did, not asserted. Powers kW; "price-peak steps" are the episode's steps whose day-ahead
 * price is in its top quarter (ties included). NaN where a measure is undefined (nobody acted, or no variation).
 */
export interface CoordinationMetrics {
  /** Share of the consumers' curtailed energy (kWh deferred or dropped) that falls in price-peak steps. */
  flexAtPricePeakShare: number;
  /** Share of the battery's discharged energy that falls in price-peak steps. */
  dischargeAtPricePeakShare: number;
  /**
   * Of the load relief in price-peak steps (consumers' curtailment plus battery discharge, kWh), the consumers'
   * share: 0 when the battery alone carries the peak, 1 when the consumers do.
   */
  peakReliefConsumerShare: number;
  /** Pearson correlation over the episode's steps of the consumers' total curtailment with the battery's discharge. */
  flexDischargeCorrelation: number;
  /**
   * Mean pairwise correlation of the consumers' flexibility actions (weighted by their standard deviations:
   * (Var(sum) - sum of Var) / ((sum of sd)^2 - sum of Var)): 1 when every consumer moves in step, 0 when they move
   * independently, negative when they offset each other.
   */
  consumerActionCorrelation: number;
  /**
   * Share of the steps where both the consumers (net) and the battery act in which they work against each other on
   * the feeder: consumers curtail while the battery charges, or add load while it discharges.
   */
  opposingActionShare: number;
}

/** Names of {@link CoordinationMetrics}, in a fixed order (for aggregation and tables). */
export const COORDINATION_KEYS = [
  "flexAtPricePeakShare",
  "dischargeAtPricePeakShare",
  "peakReliefConsumerShare",
  "flexDischargeCorrelation",
  "consumerActionCorrelation",
  "opposingActionShare",
] as const satisfies readonly (keyof CoordinationMetrics)[];

/** Below this, kW, an agent counts as not acting in a step. */
const ACTING_KW = 1e-6;

/** Accumulates one episode's steps for {@link CoordinationMetrics} (evaluation only; not the environment's hot loop). */
export class CoordinationAccumulator {
  private readonly priceUsdPerKwh: number[] = [];
  private readonly curtailKw: number[] = [];
  private readonly dischargeKw: number[] = [];
  private readonly consumerSum: Float64Array;
  private readonly consumerSquares: Float64Array;
  private opposing = 0;
  private bothActing = 0;

  constructor(numConsumers: number) {
    this.consumerSum = new Float64Array(numConsumers);
    this.consumerSquares = new Float64Array(numConsumers);
  }

  /** Records the step just taken by env `envIndex`, which acted at profile step `profileStep`. */
  record(env: VecGridEnv, envIndex: number, profileStep: number): void {
    const numConsumers = env.numConsumers;
    let totalDeltaKw = 0;
    for (let c = 0; c < numConsumers; c++) {
      const deltaKw = env.consumerInfo.flexDeltaKw[envIndex * numConsumers + c];
      totalDeltaKw += deltaKw;
      this.consumerSum[c] += deltaKw;
      this.consumerSquares[c] += deltaKw * deltaKw;
    }
    const batteryKw = env.info.batteryDispatchKw[envIndex];
    this.priceUsdPerKwh.push(env.profiles.dayAheadPriceUsdPerKwh[profileStep]);
    this.curtailKw.push(-totalDeltaKw);
    this.dischargeKw.push(batteryKw);
    if (Math.abs(totalDeltaKw) > ACTING_KW && Math.abs(batteryKw) > ACTING_KW) {
      this.bothActing++;
      // Curtailment lowers the feeder's import and charging raises it (and the reverse): opposite signs of effect.
      if (Math.sign(-totalDeltaKw) !== Math.sign(batteryKw)) this.opposing++;
    }
  }

  finish(): CoordinationMetrics {
    const peak = pricePeakMask(this.priceUsdPerKwh);
    const positiveShare = (values: number[]) => {
      let total = 0;
      let inPeak = 0;
      values.forEach((value, step) => {
        if (value <= 0) return;
        total += value;
        if (peak[step]) inPeak += value;
      });
      return total > 0 ? inPeak / total : Number.NaN;
    };
    let consumerRelief = 0;
    let batteryRelief = 0;
    peak.forEach((isPeak, step) => {
      if (!isPeak) return;
      consumerRelief += Math.max(0, this.curtailKw[step]);
      batteryRelief += Math.max(0, this.dischargeKw[step]);
    });
    return {
      flexAtPricePeakShare: positiveShare(this.curtailKw),
      dischargeAtPricePeakShare: positiveShare(this.dischargeKw),
      peakReliefConsumerShare: consumerRelief + batteryRelief > 0 ? consumerRelief / (consumerRelief + batteryRelief) : Number.NaN,
      flexDischargeCorrelation: pearson(this.curtailKw, this.dischargeKw),
      consumerActionCorrelation: this.meanPairwiseCorrelation(),
      opposingActionShare: this.bothActing > 0 ? this.opposing / this.bothActing : Number.NaN,
    };
  }

  /** The sd-weighted mean pairwise correlation, from each consumer's moments and the total's. */
  private meanPairwiseCorrelation(): number {
    const steps = this.curtailKw.length;
    if (this.consumerSum.length < 2 || steps < 2) return Number.NaN;
    const variance = (sum: number, squares: number) => Math.max(0, squares / steps - (sum / steps) ** 2);
    let sumOfVariances = 0;
    let sumOfDeviations = 0;
    for (let c = 0; c < this.consumerSum.length; c++) {
      const v = variance(this.consumerSum[c], this.consumerSquares[c]);
      sumOfVariances += v;
      sumOfDeviations += Math.sqrt(v);
    }
    const totalSum = this.curtailKw.reduce((sum, value) => sum + value, 0);
    const totalSquares = this.curtailKw.reduce((sum, value) => sum + value * value, 0);
    const denominator = sumOfDeviations * sumOfDeviations - sumOfVariances;
    return denominator > 1e-12 ? (variance(totalSum, totalSquares) - sumOfVariances) / denominator : Number.NaN;
  }
}

/** Steps whose price is at or above the episode's 75th percentile. */
function pricePeakMask(prices: number[]): boolean[] {
  if (prices.length === 0) return [];
  const sorted = [...prices].sort((a, b) => a - b);
  const threshold = sorted[Math.min(sorted.length - 1, Math.floor(0.75 * sorted.length))];
  return prices.map((price) => price >= threshold - 1e-12);
}

/** Pearson's correlation of two equally long series; NaN when either is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i];
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 1e-12 && syy > 1e-12 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}
