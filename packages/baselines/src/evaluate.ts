import { type DayRange, dayStartSteps, type GridConfigInput, type Policy, STEP_INFO, STEP_INFO_KEYS, VecGridEnv } from "@grid/env";
import { formatCsvLines, formatCsvRow, type ProfileTable, writeFileAtomic } from "@grid/profiles";
import { CoordinationAccumulator } from "./coordination.js";
import { IdlePolicy } from "./idle.js";
import { type AggregateMetrics, aggregateMetrics, type EpisodeMetrics, gapClosed, jainIndex, relativeSavings } from "./metrics.js";

/** What to evaluate on. Give `startSteps` or `days` (one deterministic episode starting at each day's first step). */
export interface EvaluationOptions {
  /** The profile table (a scenario's `loadProfiles()`). */
  profiles: ProfileTable;
  /** Environment configuration on top of the article's defaults. */
  config?: GridConfigInput;
  /** Profile steps where the evaluated episodes start. */
  startSteps?: ArrayLike<number>;
  /** Days evaluated, one episode from each day's first step (when `startSteps` is absent). */
  days?: DayRange;
  /** Seed of the environment's noise streams (observation, forecast, communication noise), 0. */
  seed?: number;
  /** Write every step of every episode to this CSV file (written whole at the end, atomically). */
  traceCsvPath?: string;
  /**
   * Idle's result on the same episodes, for each consumer's bill change; computed here when absent (an idle run
   * is cheap).
   */
  idleReference?: EvaluationResult;
  /** Rule and optimal results on the same episodes: each episode's and the aggregate's `gapClosed`. */
  references?: { rule: EvaluationResult; optimal: EvaluationResult };
}

/** The result of {@link evaluatePolicy}. */
export interface EvaluationResult {
  /** The evaluated policy's name. */
  policy: string;
  /** Each episode's metrics, in the order of the start steps. */
  episodes: EpisodeMetrics[];
  /** Means over the episodes (per day for day-long episodes), under the same names. */
  aggregate: AggregateMetrics;
  /** The consumers' ids, as the per-consumer arrays are ordered. */
  consumerIds: string[];
  /** Wall-clock time of the evaluation (policy and environment), seconds. */
  elapsedSeconds: number;
}

/** Per-env running sums of one episode; turned into {@link EpisodeMetrics} at the end. */
class EpisodeAccumulator {
  energyCostUsd = 0;
  systemCostUsd = 0;
  peakImportKw = Number.NEGATIVE_INFINITY;
  netImportSumKw = 0;
  solarAvailableKwh = 0;
  solarUsedKwh = 0;
  violatingSteps = 0;
  congestionSteps = 0;
  congestionKwh = 0;
  exportViolationSteps = 0;
  exportViolationKwh = 0;
  rampSumKw = 0;
  batteryThroughputKwh = 0;
  guardSteps = 0;
  guardCorrectionKwh = 0;
  degradationCostUsd = 0;
  unservedKwh = 0;
  steps = 0;
  readonly flexUsedKwh: Float64Array;
  readonly billUsd: Float64Array;
  readonly agentReward: Float64Array;
  private readonly coordination: CoordinationAccumulator;

  constructor(
    readonly startStep: number,
    numConsumers: number,
    numAgents: number,
  ) {
    this.flexUsedKwh = new Float64Array(numConsumers);
    this.billUsd = new Float64Array(numConsumers);
    this.agentReward = new Float64Array(numAgents);
    this.coordination = new CoordinationAccumulator(numConsumers);
  }

  record(env: VecGridEnv, envIndex: number): void {
    const info = env.info;
    const dt = env.config.dtHours;
    const netImportKw = info.netImportKw[envIndex];
    this.energyCostUsd += info.energyCostUsd[envIndex];
    this.systemCostUsd += info.systemCostUsd[envIndex];
    if (netImportKw > this.peakImportKw) this.peakImportKw = netImportKw;
    this.netImportSumKw += netImportKw;
    this.solarAvailableKwh += info.solarAvailableKw[envIndex] * dt;
    this.solarUsedKwh += info.solarUsedKw[envIndex] * dt;
    const congestionKw = info.congestionKw[envIndex];
    const exportViolationKw = info.exportViolationKw[envIndex];
    if (congestionKw > 0 || exportViolationKw > 0) this.violatingSteps++;
    if (congestionKw > 0) this.congestionSteps++;
    if (exportViolationKw > 0) this.exportViolationSteps++;
    this.congestionKwh += congestionKw * dt;
    this.exportViolationKwh += exportViolationKw * dt;
    this.rampSumKw += info.rampKw[envIndex];
    this.batteryThroughputKwh += Math.abs(info.batteryDispatchKw[envIndex]) * dt;
    const guardCorrectionKw = info.guardCorrectionKw[envIndex];
    if (guardCorrectionKw > 0) this.guardSteps++;
    this.guardCorrectionKwh += guardCorrectionKw * dt;
    this.degradationCostUsd += info.degradationCostUsd[envIndex];
    this.unservedKwh += info.unservedKwh[envIndex];
    const numConsumers = env.numConsumers;
    for (let c = 0; c < numConsumers; c++) {
      this.flexUsedKwh[c] += Math.abs(env.consumerInfo.flexDeltaKw[envIndex * numConsumers + c]) * dt;
      this.billUsd[c] += env.consumerInfo.billUsd[envIndex * numConsumers + c];
    }
    for (let agent = 0; agent < env.numAgents; agent++) this.agentReward[agent] += env.rewards[agent * env.numEnvs + envIndex];
    this.coordination.record(env, envIndex, this.startStep + this.steps);
    this.steps++;
  }

  finish(env: VecGridEnv, idleBillUsd: ArrayLike<number> | undefined): EpisodeMetrics {
    const meanNetImportKw = this.netImportSumKw / this.steps;
    const billUsd = Array.from(this.billUsd);
    const flexUsedKwh = Array.from(this.flexUsedKwh);
    const idle = idleBillUsd ?? billUsd;
    return {
      startStep: this.startStep,
      steps: this.steps,
      energyCostUsd: this.energyCostUsd,
      systemCostUsd: this.systemCostUsd,
      peakImportKw: this.peakImportKw,
      meanNetImportKw,
      peakToAverageRatio: meanNetImportKw > 0 ? this.peakImportKw / meanNetImportKw : Number.NaN,
      solarAvailableKwh: this.solarAvailableKwh,
      renewableUtilization: this.solarAvailableKwh > 0 ? this.solarUsedKwh / this.solarAvailableKwh : 1,
      spilledSolarKwh: this.solarAvailableKwh - this.solarUsedKwh,
      violatingSteps: this.violatingSteps,
      congestionSteps: this.congestionSteps,
      congestionKwh: this.congestionKwh,
      exportViolationSteps: this.exportViolationSteps,
      exportViolationKwh: this.exportViolationKwh,
      rampKw: this.rampSumKw / this.steps,
      batteryThroughputKwh: this.batteryThroughputKwh,
      equivalentFullCycles: this.batteryThroughputKwh / (2 * env.config.batteryCapacityKwh),
      guardSteps: this.guardSteps,
      guardCorrectionKwh: this.guardCorrectionKwh,
      degradationCostUsd: this.degradationCostUsd,
      unservedKwh: this.unservedKwh,
      flexUsedKwh,
      comfortOverflowKwh: flexUsedKwh.map((used) => Math.max(0, used - env.config.flexBudgetKwh)),
      billUsd,
      billChangeUsd: billUsd.map((bill, c) => bill - idle[c]),
      billSavingsFairness: jainIndex(relativeSavings(billUsd, idle)),
      flexBurdenFairness: jainIndex(flexUsedKwh),
      gapClosed: Number.NaN,
      agentReward: Array.from(this.agentReward),
      ...this.coordination.finish(),
    };
  }
}

/** Trace columns before the step info's ({@link STEP_INFO}) and the per-agent and per-consumer ones. */
const TRACE_COLUMNS = ["episode", "startStep", "stepInEpisode", "profileStep", "timestamp", "hourOfDay", "dayAheadPriceUsdPerKwh", "batterySoc"];

function traceHeader(env: VecGridEnv): string {
  const columns = [...TRACE_COLUMNS, ...STEP_INFO_KEYS.map((key) => STEP_INFO[key])];
  for (const agent of env.agentIds) columns.push(`action_${agent}`);
  for (let c = 0; c < env.numConsumers; c++) columns.push(`loadKw_${c}`, `flexDeltaKw_${c}`, `billUsd_${c}`);
  return formatCsvRow(columns);
}

function traceRow(env: VecGridEnv, envIndex: number, episode: number, stepInEpisode: number, actions: Float32Array): string {
  const info = env.info;
  const step = env.startStep[envIndex] + stepInEpisode;
  const cells: (string | number)[] = [
    episode,
    env.startStep[envIndex],
    stepInEpisode,
    step,
    new Date(env.profiles.timestampsMs[step]).toISOString(),
    env.profiles.hourOfDay[step],
    env.profiles.dayAheadPriceUsdPerKwh[step],
    env.soc[envIndex],
  ];
  for (const key of STEP_INFO_KEYS) cells.push(info[key][envIndex]);
  for (let agent = 0; agent < env.numAgents; agent++) cells.push(actions[agent * env.numEnvs + envIndex]);
  const numConsumers = env.numConsumers;
  for (let c = 0; c < numConsumers; c++) {
    const index = envIndex * numConsumers + c;
    cells.push(env.consumerInfo.loadKw[index], env.consumerInfo.flexDeltaKw[index], env.consumerInfo.billUsd[index]);
  }
  return formatCsvRow(cells);
}

/** The episode starts an evaluation uses: `startSteps`, else each day's first step of `days`. */
export function evaluationStartSteps(options: Pick<EvaluationOptions, "profiles" | "startSteps" | "days">): Int32Array {
  if (options.startSteps !== undefined) {
    if (options.startSteps.length === 0) throw new Error("startSteps: empty; expected at least one episode start");
    return Int32Array.from(options.startSteps);
  }
  if (options.days === undefined) throw new Error("evaluatePolicy: give startSteps or days");
  return dayStartSteps(options.profiles, options.days);
}

/**
 * The evaluation protocol every package uses: deterministic episodes (one per start step, all stepped together
 * in one vectorised environment without auto-reset, seeded), the policy's `beginEpisode` for each, then
 * `act`/`step` until every episode ends. Returns each episode's metrics and their means (see
 * {@link EpisodeMetrics} for the definitions). Each consumer's bill change is against `idle` on the same
 * episodes; `gapClosed` needs `references`. A policy must write every action: the buffer is filled with NaN
 * before each `act`, and the environment rejects a NaN action.
 */
export function evaluatePolicy(policy: Policy, options: EvaluationOptions): EvaluationResult {
  const started = performance.now();
  const startSteps = evaluationStartSteps(options);
  const seed = options.seed ?? 0;
  const { env, accumulators, trace } = runEpisodes(policy, options, startSteps, seed);
  const numEnvs = env.numEnvs;
  const idle =
    options.idleReference ??
    (policy instanceof IdlePolicy
      ? undefined
      : evaluatePolicy(new IdlePolicy(), { profiles: options.profiles, config: options.config, startSteps, seed }));
  if (idle && idle.episodes.length !== numEnvs) {
    throw new Error(`idleReference: ${idle.episodes.length} episodes; this evaluation has ${numEnvs}`);
  }
  const episodes = accumulators.map((accumulator, envIndex) => accumulator.finish(env, idle?.episodes[envIndex].billUsd));
  const references = options.references;
  if (references) addGapClosed(episodes, references);
  const aggregate = aggregateMetrics(
    episodes,
    idle?.aggregate.billUsd,
    references && {
      ruleSystemCostUsd: references.rule.aggregate.systemCostUsd,
      optimalSystemCostUsd: references.optimal.aggregate.systemCostUsd,
    },
  );
  if (trace && options.traceCsvPath) writeTrace(options.traceCsvPath, trace, numEnvs, env.config.episodeSteps);
  return {
    policy: policy.name,
    episodes,
    aggregate,
    consumerIds: env.profiles.consumers?.map((consumer) => consumer.id) ?? env.agentIds.slice(0, env.numConsumers),
    elapsedSeconds: (performance.now() - started) / 1000,
  };
}

/**
 * Steps one deterministic episode per start step (all together, no auto-reset, seeded) with the policy acting,
 * recording each env-step's metrics, and the trace's rows (header first) when a trace is asked for.
 */
function runEpisodes(policy: Policy, options: EvaluationOptions, startSteps: Int32Array, seed: number) {
  const env = new VecGridEnv({ profiles: options.profiles, config: options.config, numEnvs: startSteps.length, seed, autoReset: false, startSteps });
  env.reset({ seed, startSteps });
  const numEnvs = env.numEnvs;
  const accumulators = Array.from(startSteps, (start) => new EpisodeAccumulator(start, env.numConsumers, env.numAgents));
  for (let envIndex = 0; envIndex < numEnvs; envIndex++) policy.beginEpisode?.(env, envIndex);
  const actions = new Float32Array(env.numAgents * numEnvs);
  const trace = options.traceCsvPath ? [traceHeader(env)] : undefined;
  for (let step = 0; step < env.config.episodeSteps; step++) {
    actions.fill(Number.NaN);
    policy.act(env, actions);
    env.step(actions);
    for (let envIndex = 0; envIndex < numEnvs; envIndex++) {
      accumulators[envIndex].record(env, envIndex);
      trace?.push(traceRow(env, envIndex, envIndex, step, actions));
    }
  }
  return { env, accumulators, trace };
}

/** Each episode's share of the rule-to-optimum gap closed, against the rule's and the optimum's same episodes. */
function addGapClosed(episodes: EpisodeMetrics[], references: NonNullable<EvaluationOptions["references"]>): void {
  for (const [name, reference] of Object.entries(references)) {
    if (reference.episodes.length !== episodes.length) {
      throw new Error(`references.${name}: ${reference.episodes.length} episodes; this evaluation has ${episodes.length}`);
    }
  }
  episodes.forEach((episode, index) => {
    episode.gapClosed = gapClosed(episode.systemCostUsd, references.rule.episodes[index].systemCostUsd, references.optimal.episodes[index].systemCostUsd);
  });
}

/** Writes the trace with its rows grouped by episode (for plotting), atomically: a failure leaves no half file. */
function writeTrace(path: string, trace: string[], numEnvs: number, episodeSteps: number): void {
  const rows = trace.slice(1);
  const ordered: string[] = [];
  for (let envIndex = 0; envIndex < numEnvs; envIndex++) {
    for (let step = 0; step < episodeSteps; step++) ordered.push(rows[step * numEnvs + envIndex]);
  }
  writeFileAtomic(path, formatCsvLines(trace[0], ordered));
}
