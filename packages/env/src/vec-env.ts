import type { ProfileTable } from "@grid/profiles";
import { type GridConfig, type GridConfigDocument, parseGridConfig, type RewardWeights } from "./config.js";
import { decodeAction } from "./kernel/actions.js";
import { batteryEnergyStage, batteryLimitsStage, producerDispatchStage } from "./kernel/battery.js";
import { batteryReserveStage } from "./kernel/battery-reserve.js";
import { recordMessagesStage } from "./kernel/communication.js";
import { beginEpisode, checkStart, checkStarts, defaultStarts } from "./kernel/episode-starts.js";
import { feederBalanceStage } from "./kernel/feeder-balance.js";
import { feederGuardStage } from "./kernel/feeder-guard.js";
import { flexAccountStage, flexibleLoadStage } from "./kernel/flexible-load.js";
import { createForecast, type GridForecast, writeForecast } from "./kernel/forecasts.js";
import type { GridData } from "./kernel/grid-data.js";
import type { GridState } from "./kernel/grid-state.js";
import { createKernel } from "./kernel/create-kernel.js";
import type { Kernel } from "./kernel/kernel.js";
import { clearObservation, writeObservation } from "./kernel/observations.js";
import type { ObservationLayout } from "./kernel/observation-index.js";
import type { ConsumerInfoBuffers, StepInfoBuffers } from "./kernel/step-info.js";
import { tariffStage } from "./kernel/tariff.js";
import { Sfc32 } from "./rng.js";

/** The guard's forecast stream is seeded apart, so planners' forecasts (`forecast`) draw the same noise with it or without. */
const GUARD_FORECAST_SEED_OFFSET = 0x2545f491;

/** Options of the vectorised environment. */
export interface VecGridEnvOptions {
  /** The exogenous series (feeder load, solar, price, features; optionally per-consumer series). */
  profiles: ProfileTable;
  /** Environment configuration, flat or by concern; `{}` is the article's. */
  config?: GridConfigDocument;
  /** Number of environment copies stepped together (1). */
  numEnvs?: number;
  /** Seed of episode-start sampling and of observation, forecast and communication noise (0). */
  seed?: number;
  /**
   * Steps of the profile table where an episode may start when none is given (a training split, say).
   * Default: the article's `randint(0, len - episodeSteps - 1)`, every step from 0 to len - episodeSteps - 2.
   */
  startSteps?: ArrayLike<number>;
  /** Reset an environment as soon as its episode ends (true). When false it holds zeros until reset. */
  autoReset?: boolean;
}

/**
 * The smart-grid Markov game of the seed article, `numEnvs` copies stepped together over flat typed arrays.
 * This is the one implementation of the physics; {@link GridEnv} is a single-episode view of it. A step is a
 * fixed sequence of stages (`src/kernel/`), each a function over every env's typed arrays: see {@link step}.
 *
 * Agents are ordered consumers first (`consumer_0` ...), then `producer` (the shared battery), then `operator`
 * (the tariff adder). Buffers are agent-major so one agent's (or all consumers') batch over environments is
 * contiguous: `observations[(agent * numEnvs + env) * observationSize + k]`, `actions[agent * numEnvs + env]`,
 * `rewards[agent * numEnvs + env]`; `states[env * stateSize + k]`. Actions are level indices (discrete mode)
 * or values in [-1, 1] (continuous mode). Nothing is allocated per step in steady state
 * (`benchmarks/env-allocation.mjs` measures it for a configuration).
 */
export class VecGridEnv {
  /** The configuration (replaced only by {@link setRewardWeights}). */
  get config(): GridConfig {
    return this.kernel.config;
  }
  readonly profiles: ProfileTable;
  readonly numEnvs: number;
  readonly numConsumers: number;
  readonly numAgents: number;
  readonly producerIndex: number;
  readonly operatorIndex: number;
  readonly agentIds: readonly string[];
  /** Entries per agent observation (11, plus the forecast block and what communication adds; see `OBSERVATION_INDEX`, `layout`). */
  readonly observationSize: number;
  /** Entries of the global state (8 + one per consumer, plus the forecast block; see `STATE_INDEX`, `layout`). */
  readonly stateSize: number;
  /** Where the forecast block and the messages are in an agent's observation and in the global state. */
  readonly layout: ObservationLayout;
  /** Number of discrete actions per agent (0 in continuous mode). */
  readonly numActions: number;
  /** The value in [-1, 1] of each discrete action index. */
  readonly actionValues: Float64Array;
  /** What a step reads and never writes: profiles, consumer series, scales, the lookahead's running sums. */
  readonly gridData: GridData;
  /** Everything a step changes, as a plain value ({@link copyGridState} copies one env's into another env). */
  readonly gridState: GridState;

  /** Observations after the last reset or step, [agent][env][observationSize]. */
  readonly observations: Float32Array;
  /** Global state after the last reset or step, [env][stateSize]. */
  readonly states: Float32Array;
  /** Rewards of the last step, [agent][env]. */
  readonly rewards: Float64Array;
  /** 1 where the last step ended an episode (the observation is then already the next episode's first). */
  readonly dones: Uint8Array;
  /** A buffer callers may fill and pass to {@link step}, [agent][env]. */
  readonly actions: Float32Array;
  readonly info: StepInfoBuffers;
  readonly consumerInfo: ConsumerInfoBuffers;
  /**
   * Running counts since construction over every copy: env-steps taken, and those with congestion or an export
   * violation (a trainer's violation rate, e.g. for a Lagrange multiplier on the feeder's limits).
   */
  readonly counts = { envSteps: 0, violatingSteps: 0 };

  private readonly kernel: Kernel;
  private readonly autoReset: boolean;
  private candidateStarts: Int32Array;
  private readonly rng: Sfc32;
  private readonly forecastRng: Sfc32;
  private readonly guardForecastRng: Sfc32;

  constructor(options: VecGridEnvOptions) {
    const numEnvs = options.numEnvs ?? 1;
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new Error(`numEnvs: ${numEnvs} must be a whole number >= 1`);
    const kernel = createKernel(options.profiles, options.config ?? {}, numEnvs);
    this.kernel = kernel;
    this.profiles = options.profiles;
    this.numEnvs = numEnvs;
    this.numConsumers = kernel.numConsumers;
    this.numAgents = kernel.numAgents;
    this.producerIndex = kernel.producerIndex;
    this.operatorIndex = kernel.operatorIndex;
    this.agentIds = kernel.agentIds;
    this.layout = kernel.layout;
    this.observationSize = kernel.observationSize;
    this.stateSize = kernel.stateSize;
    this.numActions = kernel.numActions;
    this.actionValues = kernel.actionLevelValues;
    this.gridData = kernel.data;
    this.gridState = kernel.state;
    this.observations = kernel.observations;
    this.states = kernel.states;
    this.rewards = kernel.rewards;
    this.dones = kernel.dones;
    this.info = kernel.info;
    this.consumerInfo = kernel.consumerInfo;
    this.actions = new Float32Array(kernel.numAgents * numEnvs);
    this.autoReset = options.autoReset ?? true;
    const seed = options.seed ?? 0;
    this.rng = new Sfc32(seed);
    this.forecastRng = new Sfc32(seed + 0x5f3759df);
    this.guardForecastRng = new Sfc32(seed + GUARD_FORECAST_SEED_OFFSET);
    this.candidateStarts = this.checkStarts(options.startSteps ?? defaultStarts(kernel.data.profileLength, kernel.config.episodeSteps));
    this.reset();
  }

  /** Length of the profile table, steps. */
  get profileLength(): number {
    return this.gridData.profileLength;
  }
  /** Largest feeder base load of the table, kW (the article's observation scale). */
  get maxLoadKw(): number {
    return this.gridData.maxLoadKw;
  }
  /** Largest solar output of the table, at least 1, kW. */
  get maxSolarKw(): number {
    return this.gridData.maxSolarKw;
  }
  /** Each consumer's base load, [consumer][step], kW. */
  get consumerLoadKw(): Float64Array {
    return this.gridData.consumerLoadKw;
  }
  /** Each consumer's own PV, [consumer][step], kW, when the profile has it. */
  get consumerSolarKw(): Float64Array | undefined {
    return this.gridData.consumerSolarKw;
  }
  /** Each consumer's flexible power, kW. */
  get consumerFlexKw(): Float64Array {
    return this.gridData.consumerFlexKw;
  }
  /** Profile step where each env's episode started (`gridState.startStep`). */
  get startStep(): Int32Array {
    return this.gridState.startStep;
  }
  /** Steps taken in each env's episode (`gridState.stepInEpisode`). */
  get stepInEpisode(): Int32Array {
    return this.gridState.stepInEpisode;
  }
  /** Battery state of charge, fraction (`gridState.soc`). */
  get soc(): Float64Array {
    return this.gridState.soc;
  }
  /** Net import of the previous step, kW (`gridState.prevNetImportKw`). */
  get prevNetImportKw(): Float64Array {
    return this.gridState.prevNetImportKw;
  }
  /** Flexibility used this episode, [env][consumer], kWh (`gridState.flexUsedKwh`). */
  get flexUsedKwh(): Float64Array {
    return this.gridState.flexUsedKwh;
  }
  /** `shift` mode: energy deferred and not yet served, [env][consumer], kWh (`gridState.backlogKwh`). */
  get backlogKwh(): Float64Array {
    return this.gridState.backlogKwh;
  }
  /** 1 while an env without auto-reset has finished its episode (`gridState.finished`). */
  get finished(): Uint8Array {
    return this.gridState.finished;
  }

  /**
   * Replaces some reward weights from the next step on (a training curriculum, e.g. penalties raised half-way);
   * the physics, observations and episodes in progress are unchanged. Throws naming a bad weight's path.
   */
  setRewardWeights(weights: Partial<RewardWeights>): void {
    const current = this.kernel.config;
    const merged = parseGridConfig({ ...current, rewardWeights: { ...current.rewardWeights, ...weights } }, "setRewardWeights");
    this.kernel.config = { ...current, rewardWeights: merged.rewardWeights };
  }

  /** Replaces the steps where sampled episodes may start (a train or test split). */
  setStartSteps(startSteps: ArrayLike<number>): void {
    this.candidateStarts = this.checkStarts(startSteps);
  }

  /** The steps where sampled episodes may start. */
  get startSteps(): Int32Array {
    return this.candidateStarts;
  }

  /**
   * Resets every env. `seed` restarts the noise and start-sampling stream; `startSteps` gives each env's start
   * (one number for all, or one per env); otherwise starts are sampled from the candidates.
   */
  reset(options: { seed?: number; startSteps?: number | ArrayLike<number> } = {}): void {
    if (options.seed !== undefined) {
      this.rng.seed(options.seed);
      this.forecastRng.seed(options.seed + 0x5f3759df);
      this.guardForecastRng.seed(options.seed + GUARD_FORECAST_SEED_OFFSET);
    }
    const starts = options.startSteps;
    if (starts !== undefined && typeof starts !== "number" && starts.length !== this.numEnvs) {
      throw new Error(`startSteps: ${starts.length} values for ${this.numEnvs} environments`);
    }
    for (let env = 0; env < this.numEnvs; env++) {
      const start = starts === undefined ? undefined : typeof starts === "number" ? starts : starts[env];
      this.resetEnv(env, start);
    }
    this.dones.fill(0);
  }

  /** Resets one env, at `startStep` or at a sampled start, and writes its first observation and state. */
  resetEnv(env: number, startStep?: number): void {
    let start: number;
    if (startStep === undefined) start = this.candidateStarts[this.rng.integer(this.candidateStarts.length)];
    else {
      start = startStep;
      checkStart(start, this.profileLength, this.config.episodeSteps, "startStep");
    }
    beginEpisode(this.kernel, env, start, this.rng);
    writeObservation(this.kernel, env, this.rng);
  }

  /** The profile step each env is at now. */
  currentStep(env: number): number {
    return this.gridState.startStep[env] + this.gridState.stepInEpisode[env];
  }

  /** The value in [-1, 1] an action stands for; throws on an index that is not a valid level. */
  actionValue(action: number, agent = 0): number {
    return decodeAction(this.kernel, action, agent);
  }

  /**
   * Advances every env one step with `actions` ([agent][env]; default: the `actions` buffer). Writes rewards,
   * dones, info and the next observations and states; an env whose episode ended is reset (auto-reset) or
   * holds zeros (no auto-reset) until {@link resetEnv}. Each stage loops over the envs still running.
   */
  step(actions: ArrayLike<number> = this.actions): void {
    if (actions.length !== this.numAgents * this.numEnvs) {
      throw new Error(`actions: ${actions.length} values; expected numAgents x numEnvs = ${this.numAgents * this.numEnvs}`);
    }
    const kernel = this.kernel;
    const config = kernel.config;
    if (config.communication === "broadcast") recordMessagesStage(kernel, actions);
    kernel.actions = actions;
    tariffStage(kernel); // the operator: tariff adder and retail price
    flexibleLoadStage(kernel); // the consumers: flexible load
    batteryLimitsStage(kernel); // the producer: what the battery can do,
    if (kernel.data.lookaheadSteps > 0) kernel.lookaheadStage(kernel, this.guardForecastRng); // the guard's view of the coming hours
    if (kernel.data.batteryReserved) batteryReserveStage(kernel); // what its own dispatch may use (reserve, headroom, lookahead),
    producerDispatchStage(kernel); // and its dispatch
    if (config.feederGuard) feederGuardStage(kernel); // the safety layer: battery, then flexible load
    flexAccountStage(kernel);
    batteryEnergyStage(kernel);
    feederBalanceStage(kernel); // net import, violations, costs, episode end
    kernel.rewardStage(kernel); // bills, the team reward, and each agent's reward under the reward structure
    this.endStep();
  }

  /**
   * Forecasts of the next `horizon` steps from env `env`'s current step, as the environment would give a
   * planner: base load of each consumer and solar with the configured relative noise, day-ahead prices exact.
   * Writes into `out` (allocated when absent); steps past the table's end repeat its last step.
   */
  forecast(env: number, horizon: number, out?: GridForecast): GridForecast {
    const result = out ?? createForecast(horizon, this.numConsumers);
    return writeForecast(this.gridData, this.config.forecastNoiseStd, this.forecastRng, this.currentStep(env), horizon, result);
  }

  /**
   * The step's last stage: a finished env holds zero rewards; every other one keeps its import and price for the
   * next step and counts, then moves on, starts its next episode (auto-reset), or finishes (zeros).
   */
  private endStep(): void {
    const { numEnvs, numAgents, state, info, rewards, dones } = this.kernel;
    let stepped = 0;
    let violating = 0;
    for (let env = 0; env < numEnvs; env++) {
      if (state.finished[env]) {
        dones[env] = 0;
        for (let agent = 0; agent < numAgents; agent++) rewards[agent * numEnvs + env] = 0;
        continue;
      }
      state.prevNetImportKw[env] = info.netImportKw[env];
      state.lastRetailPrice[env] = info.retailPrice[env];
      stepped++;
      if (info.congestionKw[env] > 0 || info.exportViolationKw[env] > 0) violating++;
      if (!dones[env]) {
        state.stepInEpisode[env]++;
        writeObservation(this.kernel, env, this.rng);
      } else if (this.autoReset) {
        this.resetEnv(env);
      } else {
        state.stepInEpisode[env]++;
        state.finished[env] = 1;
        clearObservation(this.kernel, env);
      }
    }
    this.counts.envSteps += stepped;
    this.counts.violatingSteps += violating;
  }

  private checkStarts(starts: ArrayLike<number>): Int32Array {
    return checkStarts(starts, this.profileLength, this.config.episodeSteps, "startSteps");
  }
}
