import { COORDINATION_KEYS, type CoordinationMetrics } from "./coordination.js";

/**
 * The evaluation protocol's metrics of one episode. Energies are kWh, powers kW, money $; "per consumer"
 * arrays are ordered as the environment's consumers.
 */
export interface EpisodeMetrics extends CoordinationMetrics {
  /** Profile step where the episode started. */
  startStep: number;
  /** Steps in the episode. */
  steps: number;
  /** Sum over steps of retail price x max(0, net import) x dtHours, $ (the article's metric; the adder moves it). */
  energyCostUsd: number;
  /** Sum over steps of day-ahead price x max(0, net import) x dtHours, $ (the system's cost, adder excluded). */
  systemCostUsd: number;
  /** Largest net import of the episode, kW (the article's `peak_kw`). */
  peakImportKw: number;
  /** Mean net import over the episode's steps, kW (negative steps, i.e. export, included). */
  meanNetImportKw: number;
  /**
   * peakImportKw / meanNetImportKw (the article's), NaN when the mean net import is not positive (a feeder that
   * exports on balance has no meaningful ratio; the article's max(mean, 1e-6) would give millions).
   */
  peakToAverageRatio: number;
  /** Solar available over the episode, kWh. */
  solarAvailableKwh: number;
  /** Solar used / solar available (1 when no solar was available). */
  renewableUtilization: number;
  /** Solar spilled (export above the export limit), kWh. */
  spilledSolarKwh: number;
  /** Steps with congestion or an export violation (the article's `constraint_violations`). */
  violatingSteps: number;
  /** Steps whose import exceeded the feeder capacity. */
  congestionSteps: number;
  /** Import above the feeder capacity, kWh. */
  congestionKwh: number;
  /** Steps whose export exceeded the export limit. */
  exportViolationSteps: number;
  /** Export above the export limit, kWh. */
  exportViolationKwh: number;
  /** Mean over steps of |net import - previous net import|, kW (the first step against the reset's value). */
  rampKw: number;
  /** Sum of |battery dispatch| x dtHours, kWh. */
  batteryThroughputKwh: number;
  /** batteryThroughputKwh / (2 x batteryCapacityKwh): one full charge plus one full discharge is one cycle. */
  equivalentFullCycles: number;
  /** Steps where the feeder guard (`feederGuard`) changed the battery's dispatch or a consumer's load (0 without it). */
  guardSteps: number;
  /** Sum of the guard's changes (battery dispatch plus consumer loads, `guardCorrectionKw`) x dtHours, kWh: how much of the policy's plan was overruled. */
  guardCorrectionKwh: number;
  /** Battery degradation cost (batteryDegradationUsdPerKwh x throughput), $. */
  degradationCostUsd: number;
  /** `shift` mode: backlog left unserved at the episode's end, kWh (0 otherwise). */
  unservedKwh: number;
  /** Per consumer: sum of |flexibility| x dtHours, kWh. */
  flexUsedKwh: number[];
  /** Per consumer: flexibility used beyond the budget, max(0, flexUsedKwh - flexBudgetKwh), kWh. */
  comfortOverflowKwh: number[];
  /** Per consumer: sum of the step bills (retail price x max(0, load - own PV) x dtHours), $. */
  billUsd: number[];
  /** Per consumer: billUsd minus the same consumer's bill under `idle` on the same episode, $ (negative: saves). */
  billChangeUsd: number[];
  /** Jain's index of the consumers' relative bill savings, (idle - bill) / idle bill (see {@link jainIndex}). */
  billSavingsFairness: number;
  /** Jain's index of the consumers' flexibility used, kWh: 1 when the burden is shared equally. */
  flexBurdenFairness: number;
  /** (rule - policy) / (rule - optimal) on systemCostUsd, when both references are given (else NaN). */
  gapClosed: number;
  /**
   * Per agent, in the environment's order (consumers, producer, operator): the sum of the agent's rewards over the
   * episode under the configured reward structure (what each agent is trained to maximise).
   */
  agentReward: number[];
}

/**
 * The metrics averaged over episodes (per episode, i.e. per day for day-long episodes); same names and units.
 * `peakToAverageRatio` is averaged over the episodes where it is defined (NaN when none is).
 */
export type AggregateMetrics = Omit<EpisodeMetrics, "startStep"> & {
  /** Number of episodes averaged. */
  episodes: number;
};

/**
 * Jain's fairness index (sum x)^2 / (n sum x^2): 1 when every value is equal, 1/n when one consumer has it all.
 * For non-negative values it lies in [1/n, 1]; with mixed signs (winners and losers) it falls towards 0. An
 * all-zero (or empty) vector counts as perfectly fair, 1.
 */
export function jainIndex(values: ArrayLike<number>): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    squares += values[i] * values[i];
  }
  if (values.length === 0 || squares === 0) return 1;
  return (sum * sum) / (values.length * squares);
}

/** Share of the rule-to-optimal gap closed, (rule - policy) / (rule - optimal); NaN when the gap is not positive. */
export function gapClosed(policyCostUsd: number, ruleCostUsd: number, optimalCostUsd: number): number {
  const gap = ruleCostUsd - optimalCostUsd;
  return gap > 0 ? (ruleCostUsd - policyCostUsd) / gap : Number.NaN;
}

/** Relative bill savings against idle, (idle - bill) / idle, 0 where the idle bill is 0. */
export function relativeSavings(billUsd: ArrayLike<number>, idleBillUsd: ArrayLike<number>): number[] {
  return Array.from({ length: billUsd.length }, (_, c) => (idleBillUsd[c] > 0 ? (idleBillUsd[c] - billUsd[c]) / idleBillUsd[c] : 0));
}

const SCALAR_KEYS = [
  "steps",
  "energyCostUsd",
  "systemCostUsd",
  "peakImportKw",
  "meanNetImportKw",
  "peakToAverageRatio",
  "solarAvailableKwh",
  "renewableUtilization",
  "spilledSolarKwh",
  "violatingSteps",
  "congestionSteps",
  "congestionKwh",
  "exportViolationSteps",
  "exportViolationKwh",
  "rampKw",
  "batteryThroughputKwh",
  "equivalentFullCycles",
  "guardSteps",
  "guardCorrectionKwh",
  "degradationCostUsd",
  "unservedKwh",
] as const;

const CONSUMER_KEYS = ["flexUsedKwh", "comfortOverflowKwh", "billUsd", "billChangeUsd"] as const;

/**
 * Means over episodes of every metric (per consumer for the arrays). The fairness indices are recomputed on
 * the mean per-consumer values (not averaged); gapClosed is recomputed from the mean system costs when
 * `references` are given.
 */
export function aggregateMetrics(
  episodes: EpisodeMetrics[],
  idleBillUsd?: number[],
  references?: { ruleSystemCostUsd: number; optimalSystemCostUsd: number },
): AggregateMetrics {
  const count = episodes.length;
  if (count === 0) throw new Error("aggregateMetrics: no episodes to aggregate");
  const numConsumers = episodes[0].billUsd.length;
  const mean = (read: (episode: EpisodeMetrics) => number) => episodes.reduce((sum, episode) => sum + read(episode), 0) / count;
  const result = { episodes: count } as AggregateMetrics;
  for (const key of SCALAR_KEYS) result[key] = mean((episode) => episode[key]);
  const ratios = episodes.map((episode) => episode.peakToAverageRatio).filter((ratio) => !Number.isNaN(ratio));
  result.peakToAverageRatio = ratios.length > 0 ? ratios.reduce((sum, ratio) => sum + ratio, 0) / ratios.length : Number.NaN;
  for (const key of CONSUMER_KEYS) {
    result[key] = Array.from({ length: numConsumers }, (_, c) => mean((episode) => episode[key][c]));
  }
  // Coordination measures are undefined on days nobody acted: their mean is over the days where they are defined.
  for (const key of COORDINATION_KEYS) {
    const defined = episodes.map((episode) => episode[key]).filter((value) => !Number.isNaN(value));
    result[key] = defined.length > 0 ? defined.reduce((sum, value) => sum + value, 0) / defined.length : Number.NaN;
  }
  result.agentReward = Array.from({ length: episodes[0].agentReward.length }, (_, a) => mean((episode) => episode.agentReward[a]));
  const idle = idleBillUsd ?? result.billUsd.map((bill, c) => bill - result.billChangeUsd[c]);
  result.billSavingsFairness = jainIndex(relativeSavings(result.billUsd, idle));
  result.flexBurdenFairness = jainIndex(result.flexUsedKwh);
  result.gapClosed = references
    ? gapClosed(result.systemCostUsd, references.ruleSystemCostUsd, references.optimalSystemCostUsd)
    : Number.NaN;
  return result;
}
