/**
 * What each metric of a run is, for people: its label, its unit and which way is better. The one place the report
 * (tables, sentences, figures, tooltips) and the commands' printouts learn how to name a metric.
 */
export interface MetricInfo {
  /** Words for the metric (`system cost`). */
  label: string;
  /** Unit written beside every value (`$/day`); empty for a plain index. */
  unit: string;
  /** Whether a higher value is better (costs, violations and peaks are lower-is-better). */
  higherIsBetter: boolean;
}

const KNOWN: Record<string, MetricInfo> = {
  systemCostUsd: { label: "system cost", unit: "$/day", higherIsBetter: false },
  energyCostUsd: { label: "energy cost at retail price", unit: "$/day", higherIsBetter: false },
  systemCostPerConsumerUsd: { label: "system cost per consumer", unit: "$/day", higherIsBetter: false },
  peakImportKw: { label: "peak import", unit: "kW", higherIsBetter: false },
  meanNetImportKw: { label: "mean net import", unit: "kW", higherIsBetter: false },
  peakToAverageRatio: { label: "peak-to-average ratio", unit: "", higherIsBetter: false },
  violatingSteps: { label: "violating steps", unit: "steps/day", higherIsBetter: false },
  congestionSteps: { label: "congested steps", unit: "steps/day", higherIsBetter: false },
  exportViolationSteps: { label: "export-violation steps", unit: "steps/day", higherIsBetter: false },
  comfortOverflowTotalKwh: { label: "comfort overflow", unit: "kWh/day", higherIsBetter: false },
  renewableUtilization: { label: "renewable use", unit: "share of solar", higherIsBetter: true },
  spilledSolarKwh: { label: "spilled solar", unit: "kWh/day", higherIsBetter: false },
  billSavingsFairness: { label: "bill-savings fairness (Jain)", unit: "", higherIsBetter: true },
  flexBurdenFairness: { label: "flexibility-burden fairness (Jain)", unit: "", higherIsBetter: true },
  gapClosed: { label: "rule-to-optimum gap closed", unit: "share", higherIsBetter: true },
  improvementOverGreedyPct: { label: "improvement over greedy", unit: "%", higherIsBetter: true },
  costReductionVsGreedyPct: { label: "cost reduction vs greedy", unit: "%", higherIsBetter: true },
  trainEnvStepsPerSecond: { label: "training speed", unit: "env-steps/s", higherIsBetter: true },
  consumerRewardMean: { label: "consumers' mean reward", unit: "per day", higherIsBetter: true },
  producerReward: { label: "producer's reward", unit: "per day", higherIsBetter: true },
  operatorReward: { label: "operator's reward", unit: "per day", higherIsBetter: true },
  consumerBillMeanUsd: { label: "consumers' mean bill", unit: "$/day", higherIsBetter: false },
  guardSteps: { label: "guard-corrected steps", unit: "steps/day", higherIsBetter: false },
  guardCorrectionKwh: { label: "guard correction", unit: "kWh/day", higherIsBetter: false },
  equivalentFullCycles: { label: "battery cycles", unit: "cycles/day", higherIsBetter: false },
  batteryThroughputKwh: { label: "battery throughput", unit: "kWh/day", higherIsBetter: false },
  rampKw: { label: "mean ramp per step", unit: "kW", higherIsBetter: false },
  agentReward: { label: "agent rewards", unit: "per day", higherIsBetter: true },
  billChangeUsd: { label: "bill change against idle", unit: "$/day", higherIsBetter: false },
  wallSeconds: { label: "wall time", unit: "s", higherIsBetter: false },
  // Coordination (@grid/baselines, coordination.ts). Relief timed at the price peak is better; agents working
  // against each other is worse; the split of the relief and the correlations describe how agents coordinate
  // rather than how well, so their arrow only says which way the table's test counts as higher.
  flexAtPricePeakShare: { label: "consumers' flexibility at the price peak", unit: "share", higherIsBetter: true },
  dischargeAtPricePeakShare: { label: "battery discharge at the price peak", unit: "share", higherIsBetter: true },
  peakReliefConsumerShare: { label: "consumers' part of the peak relief", unit: "share", higherIsBetter: true },
  flexDischargeCorrelation: { label: "flexibility-discharge correlation", unit: "", higherIsBetter: true },
  consumerActionCorrelation: { label: "consumers' action correlation", unit: "", higherIsBetter: true },
  opposingActionShare: { label: "steps acting against each other", unit: "share", higherIsBetter: false },
};

/** Unit by a name's suffix, for metrics not listed (the evaluation protocol reports per-day means). */
const SUFFIX_UNITS: [RegExp, string][] = [
  [/Kwh$/, "kWh/day"],
  [/Kw$/, "kW"],
  [/Usd$/, "$/day"],
  [/Pct$/, "%"],
  [/Steps$/, "steps/day"],
];

/** What a metric is; a metric not listed keeps its name, its unit read from its suffix, and is a cost. */
export function metricInfo(metric: string): MetricInfo {
  const known = KNOWN[metric];
  if (known) return known;
  const unit = SUFFIX_UNITS.find(([suffix]) => suffix.test(metric))?.[1] ?? "";
  return { label: metric, unit, higherIsBetter: false };
}

/** The metric's label with its unit, for table columns and axes: `system cost ($/day)`. */
export function metricTitle(metric: string): string {
  const { label, unit } = metricInfo(metric);
  return unit === "" ? label : `${label} (${unit})`;
}
