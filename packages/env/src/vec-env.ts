import type { ProfileTable } from "@grid/profiles";
import { type GridConfig, type GridConfigInput, parseGridConfig, type RewardWeights } from "./config.js";
import { Sfc32 } from "./rng.js";

/** Local observation entries every agent has (the article's 11). */
export const LOCAL_OBSERVATION_SIZE = 11;
/** Global-state entries before the per-consumer flexibility (the article's 8). */
export const BASE_STATE_SIZE = 8;

/** Options of the vectorised environment. */
export interface VecGridEnvOptions {
  /** The exogenous series (feeder load, solar, price, features; optionally per-consumer series). */
  profiles: ProfileTable;
  /** Environment configuration; `{}` is the article's. */
  config?: GridConfigInput;
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

/** Per-environment diagnostics of the last step (the article's common info and more), one value per env. */
export interface StepInfoBuffers {
  /** Net import at the feeder head, kW (negative: export). */
  netImportKw: Float64Array;
  /** The article's energy cost: retail price x max(0, net import) x dtHours, $. */
  energyCostUsd: Float64Array;
  /** Day-ahead price x max(0, net import) x dtHours, $: the system's cost, with the tariff adder excluded. */
  systemCostUsd: Float64Array;
  /** Congestion plus export violation, kW (the article's `constraint_violation_kw`). */
  constraintViolationKw: Float64Array;
  /** Import above the feeder capacity, kW. */
  congestionKw: Float64Array;
  /** Export above the export limit, kW: the article counts it as spilled solar. */
  exportViolationKw: Float64Array;
  /** Solar available, kW. */
  solarAvailableKw: Float64Array;
  /** Solar used (available minus spill), kW. */
  solarUsedKw: Float64Array;
  /** Retail price, $/kWh (day-ahead price plus the operator's adder, floored). */
  retailPrice: Float64Array;
  /** The operator's tariff adder, $/kWh. */
  tariffAdderUsdPerKwh: Float64Array;
  /** Battery power at the grid side, kW (positive: discharge). */
  batteryDispatchKw: Float64Array;
  /** The feeder guard's change, kW: |dispatch - unguarded dispatch| + the sum of |consumer load - requested load| (0 without it). */
  guardCorrectionKw: Float64Array;
  /** |change in net import| since the previous step, kW. */
  rampKw: Float64Array;
  /** The team reward of the step. */
  teamReward: Float64Array;
  /** Battery degradation cost of the step, $. */
  degradationCostUsd: Float64Array;
  /** `shift` mode: backlog left unserved at the end of the episode, kWh (0 on other steps). */
  unservedKwh: Float64Array;
}

/** Per-consumer diagnostics of the last step, laid out [env][consumer]. */
export interface ConsumerInfoBuffers {
  /** Consumer load after flexibility, kW. */
  loadKw: Float64Array;
  /** Flexibility applied, kW (negative: deferred or curtailed). */
  flexDeltaKw: Float64Array;
  /** Consumer's bill for the step at the retail price, $. */
  billUsd: Float64Array;
}

/** The guard's lookahead keeps this much more energy (and room) than the coming overloads (and export) need, kWh (rounding). */
const LOOKAHEAD_MARGIN_KWH = 1e-4;
/** The feeder guard aims this far inside the limits, kW, so rounding never turns its target into a violation. */
const GUARD_MARGIN_KW = 1e-9;

/** `value` limited to [low, high] (low wins when they cross). */
function clamp(value: number, low: number, high: number): number {
  return value > high ? high : value < low ? low : value;
}

const INFO_KEYS: (keyof StepInfoBuffers)[] = [
  "netImportKw",
  "energyCostUsd",
  "systemCostUsd",
  "constraintViolationKw",
  "congestionKw",
  "exportViolationKw",
  "solarAvailableKw",
  "solarUsedKw",
  "retailPrice",
  "tariffAdderUsdPerKwh",
  "batteryDispatchKw",
  "guardCorrectionKw",
  "rampKw",
  "teamReward",
  "degradationCostUsd",
  "unservedKwh",
];

/**
 * The smart-grid Markov game of the seed article, `numEnvs` copies stepped together over flat typed arrays.
 * This is the one implementation of the physics; {@link GridEnv} is a single-episode view of it.
 *
 * Agents are ordered consumers first (`consumer_0` ...), then `producer` (the shared battery), then `operator`
 * (the tariff adder). Buffers are agent-major so one agent's (or all consumers') batch over environments is
 * contiguous: `observations[(agent * numEnvs + env) * observationSize + k]`, `actions[agent * numEnvs + env]`,
 * `rewards[agent * numEnvs + env]`; `states[env * stateSize + k]`. Actions are level indices (discrete mode)
 * or values in [-1, 1] (continuous mode). Nothing is allocated per step.
 */
export class VecGridEnv {
  /** The configuration (replaced only by {@link setRewardWeights}). */
  get config(): GridConfig {
    return this.currentConfig;
  }
  private currentConfig: GridConfig;
  readonly profiles: ProfileTable;
  readonly numEnvs: number;
  readonly numConsumers: number;
  readonly numAgents: number;
  readonly producerIndex: number;
  readonly operatorIndex: number;
  readonly agentIds: readonly string[];
  /** Entries per agent observation (11, plus what communication adds). */
  readonly observationSize: number;
  /** Entries of the global state (8 + one per consumer). */
  readonly stateSize: number;
  /** Number of discrete actions per agent (0 in continuous mode). */
  readonly numActions: number;
  /** The value in [-1, 1] of each discrete action index. */
  readonly actionValues: Float64Array;
  /** Length of the profile table, steps. */
  readonly profileLength: number;
  /** Largest feeder base load of the table, kW (the article's observation scale). */
  readonly maxLoadKw: number;
  /** Largest solar output of the table, at least 1, kW. */
  readonly maxSolarKw: number;
  /** Each consumer's base load, [consumer][step], kW. */
  readonly consumerLoadKw: Float64Array;
  /** Each consumer's own PV, [consumer][step], kW, when the profile has it. */
  readonly consumerSolarKw: Float64Array | undefined;
  /** Each consumer's flexible power, kW. */
  readonly consumerFlexKw: Float64Array;

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

  /** Profile step where each env's episode started. */
  readonly startStep: Int32Array;
  /** Steps taken in each env's episode. */
  readonly stepInEpisode: Int32Array;
  /** Battery state of charge, fraction. */
  readonly soc: Float64Array;
  /** Net import of the previous step, kW. */
  readonly prevNetImportKw: Float64Array;
  /** Flexibility used this episode, [env][consumer], kWh. */
  readonly flexUsedKwh: Float64Array;
  /** `shift` mode: energy deferred and not yet served, [env][consumer], kWh (negative: served in advance). */
  readonly backlogKwh: Float64Array;
  /** 1 while an env without auto-reset has finished its episode. */
  readonly finished: Uint8Array;
  /**
   * Running counts since construction over every copy: env-steps taken, and those with congestion or an export
   * violation (a trainer's violation rate, e.g. for a Lagrange multiplier on the feeder's limits).
   */
  readonly counts = { envSteps: 0, violatingSteps: 0 };

  private readonly autoReset: boolean;
  private candidateStarts: Int32Array;
  private readonly rng: Sfc32;
  private readonly forecastRng: Sfc32;
  private readonly chargeEfficiency: number;
  private readonly dischargeEfficiency: number;
  private readonly loadScratch: Float64Array;
  private readonly deltaScratch: Float64Array;
  /** Per consumer, the flexibility it may use this step (flexKw, within the budget left when enforced), kW. */
  private readonly flexLimitScratch: Float64Array;
  /**
   * With the guard's lookahead: running sum over profile steps of the uncontrolled feeder's energy above its
   * capacity, kWh ([t] = the steps before t), so any window's overload is one difference; empty without it.
   */
  private readonly overloadPrefixKwh: Float64Array;
  /** Its counterpart for export: running sum of the uncontrolled feeder's export above `exportLimitKw`, kWh. */
  private readonly exportPrefixKwh: Float64Array;
  private readonly lookaheadSteps: number;
  private readonly priceMean: number;
  private readonly priceStd: number;
  /** Broadcast action history, [delay + 1][agent][env], newest at `historyHead`. */
  private readonly actionHistory: Float32Array;
  private historyHead = 0;
  private readonly lastRetailPrice: Float64Array;

  constructor(options: VecGridEnvOptions) {
    const config = parseGridConfig(options.config ?? {});
    const profiles = options.profiles;
    this.currentConfig = config;
    this.profiles = profiles;
    const length = profiles.baseLoadKw.length;
    this.profileLength = length;
    const numEnvs = options.numEnvs ?? 1;
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new Error(`numEnvs: ${numEnvs} must be a whole number >= 1`);
    this.numEnvs = numEnvs;
    if (Math.abs(profiles.stepHours - config.dtHours) > 1e-9) {
      throw new Error(
        `config.dtHours: ${config.dtHours} h does not match the profile table's step of ${profiles.stepHours} h (${profiles.source}); align the data or set dtHours`,
      );
    }
    if (length < config.episodeSteps + 2) {
      throw new Error(
        `config.episodeSteps: ${config.episodeSteps} steps need a profile of at least ${config.episodeSteps + 2} steps; ${profiles.source} has ${length}`,
      );
    }

    const consumers = profiles.consumers;
    const numConsumers = consumers ? consumers.length : config.consumerShares.length;
    if (consumers && options.config?.consumerShares !== undefined && config.consumerShares.length !== numConsumers) {
      throw new Error(
        `config.consumerShares: ${config.consumerShares.length} shares, but the profile has ${numConsumers} consumers with their own loads; drop consumerShares`,
      );
    }
    this.numConsumers = numConsumers;
    this.numAgents = numConsumers + 2;
    this.producerIndex = numConsumers;
    this.operatorIndex = numConsumers + 1;
    this.agentIds = [...Array.from({ length: numConsumers }, (_, i) => `consumer_${i}`), "producer", "operator"];

    const flexKw = new Float64Array(numConsumers);
    if (Array.isArray(config.flexKw)) {
      if (config.flexKw.length !== numConsumers) {
        throw new Error(
          `config.flexKw: ${config.flexKw.length} values for ${numConsumers} consumers; give one per consumer or a single number`,
        );
      }
      flexKw.set(config.flexKw);
    } else flexKw.fill(config.flexKw);
    this.consumerLoadKw = new Float64Array(numConsumers * length);
    let consumerSolar: Float64Array | undefined;
    for (let c = 0; c < numConsumers; c++) {
      const row = c * length;
      if (consumers) {
        const consumer = consumers[c];
        if (consumer.loadKw.length !== length) {
          throw new Error(`profiles.consumers[${c}] (${consumer.id}): ${consumer.loadKw.length} steps; the table has ${length}`);
        }
        this.consumerLoadKw.set(consumer.loadKw, row);
        if (consumer.flexKw !== undefined) flexKw[c] = consumer.flexKw;
        if (consumer.solarKw) {
          consumerSolar ??= new Float64Array(numConsumers * length);
          consumerSolar.set(consumer.solarKw, row);
        }
      } else {
        const share = config.consumerShares[c];
        for (let t = 0; t < length; t++) this.consumerLoadKw[row + t] = share * profiles.baseLoadKw[t];
      }
    }
    this.consumerSolarKw = consumerSolar;
    this.consumerFlexKw = flexKw;

    let maxLoad = Number.NEGATIVE_INFINITY;
    let maxSolar = Number.NEGATIVE_INFINITY;
    let priceSum = 0;
    for (let t = 0; t < length; t++) {
      maxLoad = Math.max(maxLoad, profiles.baseLoadKw[t]);
      maxSolar = Math.max(maxSolar, profiles.solarKw[t]);
      priceSum += profiles.dayAheadPriceUsdPerKwh[t];
    }
    this.maxLoadKw = maxLoad > 0 ? maxLoad : 1;
    this.maxSolarKw = Math.max(maxSolar, 1);
    this.priceMean = priceSum / length;
    let squares = 0;
    for (let t = 0; t < length; t++) squares += (profiles.dayAheadPriceUsdPerKwh[t] - this.priceMean) ** 2;
    this.priceStd = Math.sqrt(squares / Math.max(length - 1, 1)) || 1;

    if (config.actionMode === "discrete") {
      this.numActions = config.actionLevels;
      this.actionValues = new Float64Array(config.actionLevels);
      const exponent = config.actionLevelExponent;
      for (let k = 0; k < config.actionLevels; k++) {
        const even = -1 + (2 * k) / (config.actionLevels - 1);
        this.actionValues[k] = exponent === 1 ? even : Math.sign(even) * Math.abs(even) ** exponent;
      }
    } else {
      this.numActions = 0;
      this.actionValues = new Float64Array(0);
    }

    const communicationSize =
      config.communication === "broadcast"
        ? this.numAgents + 1
        : config.communication === "global-state"
          ? BASE_STATE_SIZE + numConsumers
          : 0;
    this.observationSize = LOCAL_OBSERVATION_SIZE + communicationSize;
    this.stateSize = BASE_STATE_SIZE + numConsumers;

    this.observations = new Float32Array(this.numAgents * numEnvs * this.observationSize);
    this.states = new Float32Array(numEnvs * this.stateSize);
    this.rewards = new Float64Array(this.numAgents * numEnvs);
    this.dones = new Uint8Array(numEnvs);
    this.actions = new Float32Array(this.numAgents * numEnvs);
    const info = {} as StepInfoBuffers;
    for (const key of INFO_KEYS) info[key] = new Float64Array(numEnvs);
    this.info = info;
    this.consumerInfo = {
      loadKw: new Float64Array(numEnvs * numConsumers),
      flexDeltaKw: new Float64Array(numEnvs * numConsumers),
      billUsd: new Float64Array(numEnvs * numConsumers),
    };
    this.startStep = new Int32Array(numEnvs);
    this.stepInEpisode = new Int32Array(numEnvs);
    this.soc = new Float64Array(numEnvs);
    this.prevNetImportKw = new Float64Array(numEnvs);
    this.flexUsedKwh = new Float64Array(numEnvs * numConsumers);
    this.backlogKwh = new Float64Array(numEnvs * numConsumers);
    this.finished = new Uint8Array(numEnvs);
    this.loadScratch = new Float64Array(numConsumers);
    this.deltaScratch = new Float64Array(numConsumers);
    this.flexLimitScratch = new Float64Array(numConsumers);
    this.lookaheadSteps = config.feederGuard ? Math.round(config.guardLookaheadHours / config.dtHours) : 0;
    this.overloadPrefixKwh = new Float64Array(this.lookaheadSteps > 0 ? length + 1 : 0);
    this.exportPrefixKwh = new Float64Array(this.lookaheadSteps > 0 ? length + 1 : 0);
    if (this.lookaheadSteps > 0) {
      for (let t = 0; t < length; t++) {
        let netKw = -profiles.solarKw[t];
        for (let c = 0; c < numConsumers; c++) netKw += Math.max(config.minConsumerLoadKw, this.consumerLoadKw[c * length + t]);
        this.overloadPrefixKwh[t + 1] = this.overloadPrefixKwh[t] + Math.max(0, netKw - config.feederCapacityKw) * config.dtHours;
        this.exportPrefixKwh[t + 1] = this.exportPrefixKwh[t] + Math.max(0, -netKw - config.exportLimitKw) * config.dtHours;
      }
    }
    this.actionHistory = new Float32Array((config.communicationDelaySteps + 1) * this.numAgents * numEnvs);
    this.lastRetailPrice = new Float64Array(numEnvs);

    const efficiency = Math.sqrt(config.batteryRoundTripEfficiency);
    this.chargeEfficiency = efficiency;
    this.dischargeEfficiency = efficiency;
    this.autoReset = options.autoReset ?? true;
    const seed = options.seed ?? 0;
    this.rng = new Sfc32(seed);
    this.forecastRng = new Sfc32(seed + 0x5f3759df);
    this.candidateStarts = this.checkStarts(options.startSteps ?? defaultStarts(length, config.episodeSteps), "startSteps");
    this.reset();
  }

  /**
   * Replaces some reward weights from the next step on (a training curriculum, e.g. penalties raised half-way);
   * the physics, observations and episodes in progress are unchanged. Throws naming a bad weight's path.
   */
  setRewardWeights(weights: Partial<RewardWeights>): void {
    const merged = parseGridConfig({ ...this.currentConfig, rewardWeights: { ...this.currentConfig.rewardWeights, ...weights } }, "setRewardWeights");
    this.currentConfig = { ...this.currentConfig, rewardWeights: merged.rewardWeights };
  }

  /** Replaces the steps where sampled episodes may start (a train or test split). */
  setStartSteps(startSteps: ArrayLike<number>): void {
    this.candidateStarts = this.checkStarts(startSteps, "startSteps");
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
      this.checkStart(start, "startStep");
    }
    const numConsumers = this.numConsumers;
    this.startStep[env] = start;
    this.stepInEpisode[env] = 0;
    const spread = this.config.initialSocSpread;
    if (spread > 0) {
      const soc = this.config.initialSoc + spread * (2 * this.rng.uniform() - 1);
      this.soc[env] = soc < 0 ? 0 : soc > 1 ? 1 : soc;
    } else this.soc[env] = this.config.initialSoc;
    this.finished[env] = 0;
    this.flexUsedKwh.fill(0, env * numConsumers, (env + 1) * numConsumers);
    this.backlogKwh.fill(0, env * numConsumers, (env + 1) * numConsumers);
    this.prevNetImportKw[env] = this.profiles.baseLoadKw[start] - this.profiles.solarKw[start];
    this.lastRetailPrice[env] = this.profiles.dayAheadPriceUsdPerKwh[start];
    const perSlot = this.numAgents * this.numEnvs;
    for (let slot = 0; slot <= this.config.communicationDelaySteps; slot++) {
      for (let agent = 0; agent < this.numAgents; agent++) this.actionHistory[slot * perSlot + agent * this.numEnvs + env] = 0;
    }
    this.writeObservation(env);
  }

  /** The profile step each env is at now. */
  currentStep(env: number): number {
    return this.startStep[env] + this.stepInEpisode[env];
  }

  /** The value in [-1, 1] an action stands for; throws on an index that is not a valid level. */
  actionValue(action: number, agent = 0): number {
    if (this.numActions === 0) {
      if (Number.isNaN(action)) throw new Error(`action of ${this.agentIds[agent]} is NaN; expected a number in [-1, 1]`);
      return action < -1 ? -1 : action > 1 ? 1 : action;
    }
    if (action !== Math.floor(action) || action < 0 || action >= this.numActions) {
      throw new Error(`action ${action} of ${this.agentIds[agent]} is not an integer in [0, ${this.numActions - 1}]`);
    }
    return this.actionValues[action];
  }

  /**
   * Advances every env one step with `actions` ([agent][env]; default: the `actions` buffer). Writes rewards,
   * dones, info and the next observations and states; an env whose episode ended is reset (auto-reset) or
   * holds zeros (no auto-reset) until {@link resetEnv}.
   */
  step(actions: ArrayLike<number> = this.actions): void {
    const numEnvs = this.numEnvs;
    if (actions.length !== this.numAgents * numEnvs) {
      throw new Error(`actions: ${actions.length} values; expected numAgents x numEnvs = ${this.numAgents * numEnvs}`);
    }
    const config = this.config;
    const weights = config.rewardWeights;
    const profiles = this.profiles;
    const dt = config.dtHours;
    const length = this.profileLength;
    const numConsumers = this.numConsumers;
    const loads = this.loadScratch;
    const deltas = this.deltaScratch;
    const limits = this.flexLimitScratch;
    const info = this.info;
    const consumerInfo = this.consumerInfo;
    const consumerLoad = this.consumerLoadKw;
    const consumerSolar = this.consumerSolarKw;
    const flexKw = this.consumerFlexKw;
    const shift = config.flexibilityMode === "shift";
    const capacityKwh = config.batteryCapacityKwh;
    const chargeEfficiency = this.chargeEfficiency;
    const dischargeEfficiency = this.dischargeEfficiency;
    const selfDischarge = 1 - config.batterySelfDischargePerHour * dt;
    const structure = config.rewardStructure;
    const alpha = config.rewardAlpha;
    const rewards = this.rewards;
    const enforceBudget = config.flexBudgetEnforced;
    const teamAtDayAhead = config.teamCostPrice === "day-ahead";
    const storedValue = weights.storedEnergyUsdPerKwh;
    const budgetValue = weights.flexBudgetUsdPerKwh;
    const difference = structure === "difference";
    const guard = config.feederGuard;
    const batteryMaxKw = config.batteryMaxKw;
    const reserveKwh = config.batteryReserveFraction * capacityKwh;
    const headroomKwh = config.batteryHeadroomFraction * capacityKwh;
    const lookahead = this.lookaheadSteps;

    if (config.communication === "broadcast") this.recordActions(actions);

    let stepped = 0;
    let violating = 0;
    for (let env = 0; env < numEnvs; env++) {
      if (this.finished[env]) {
        this.dones[env] = 0;
        for (let agent = 0; agent < this.numAgents; agent++) rewards[agent * numEnvs + env] = 0;
        continue;
      }
      const t = this.startStep[env] + this.stepInEpisode[env];

      // Operator: tariff adder and retail price.
      const tariffAdder = this.actionValue(actions[this.operatorIndex * numEnvs + env], this.operatorIndex) * config.tariffAdderUsdPerKwh;
      const dayAheadPrice = profiles.dayAheadPriceUsdPerKwh[t];
      const retail = Math.max(config.retailPriceFloorUsdPerKwh, dayAheadPrice + tariffAdder);

      // Consumers: flexible load.
      let totalDemandKw = 0;
      const consumerBase = env * numConsumers;
      for (let c = 0; c < numConsumers; c++) {
        let deltaKw = this.actionValue(actions[c * numEnvs + env], c) * flexKw[c];
        let limitKw = flexKw[c];
        if (enforceBudget) {
          const leftKw = (config.flexBudgetKwh - this.flexUsedKwh[consumerBase + c]) / dt;
          const allowedKw = leftKw > 0 ? leftKw : 0;
          if (deltaKw > allowedKw) deltaKw = allowedKw;
          else if (deltaKw < -allowedKw) deltaKw = -allowedKw;
          if (allowedKw < limitKw) limitKw = allowedKw;
        }
        limits[c] = limitKw;
        const base = consumerLoad[c * length + t] + deltaKw;
        const load = base > config.minConsumerLoadKw ? base : config.minConsumerLoadKw;
        loads[c] = load;
        deltas[c] = deltaKw;
        totalDemandKw += load;
      }

      // Producer: battery dispatch within what the state of charge allows (and the feeder guard, when on).
      const solarKw = profiles.solarKw[t];
      const requestedKw = this.actionValue(actions[this.producerIndex * numEnvs + env], this.producerIndex) * batteryMaxKw;
      let soc = this.soc[env];
      const storedBeforeKwh = soc * capacityKwh;
      const socDischargeKw = (soc * capacityKwh * dischargeEfficiency) / dt;
      const socChargeKw = ((1 - soc) * capacityKwh) / (chargeEfficiency * dt);
      const maxDischargeKw = socDischargeKw < batteryMaxKw ? socDischargeKw : batteryMaxKw;
      const maxChargeKw = socChargeKw < batteryMaxKw ? socChargeKw : batteryMaxKw;
      // The producer's own discharge stops at the backup reserve; only the guard below may draw on it.
      let floorKwh = reserveKwh;
      let ceilingKwh = capacityKwh - headroomKwh;
      let topUpKw = 0;
      let drainKw = 0;
      if (lookahead > 0) {
        // The guard's lookahead: keep what the coming overloads of this episode will need, and charge toward it;
        // keep the room the coming export above the limit will need, and discharge toward it.
        const episodeEnd = this.startStep[env] + config.episodeSteps;
        const windowEnd = t + 1 + lookahead < episodeEnd ? t + 1 + lookahead : episodeEnd;
        const overloadKwh = this.overloadPrefixKwh[windowEnd] - this.overloadPrefixKwh[t + 1];
        const excessKwh = this.exportPrefixKwh[windowEnd] - this.exportPrefixKwh[t + 1];
        // A hair more than needed, so that rounding as the battery empties (fills) never leaves the last one uncovered.
        const neededKwh = overloadKwh > 0 ? (overloadKwh * (1 + 1e-6)) / dischargeEfficiency + LOOKAHEAD_MARGIN_KWH : 0;
        const neededRoomKwh = excessKwh > 0 ? excessKwh * (1 + 1e-6) * chargeEfficiency + LOOKAHEAD_MARGIN_KWH : 0;
        if (neededKwh > floorKwh) floorKwh = neededKwh;
        if (capacityKwh - neededRoomKwh < ceilingKwh) ceilingKwh = capacityKwh - neededRoomKwh;
        // Where the two cross (a battery too small for both), the energy for the overloads wins.
        if (ceilingKwh < floorKwh) ceilingKwh = floorKwh;
        if (neededKwh > storedBeforeKwh) topUpKw = (neededKwh - storedBeforeKwh) / (chargeEfficiency * dt);
        else if (storedBeforeKwh > ceilingKwh) drainKw = ((storedBeforeKwh - ceilingKwh) * dischargeEfficiency) / dt;
      }
      const aboveReserveKwh = storedBeforeKwh - floorKwh;
      const producerDischargeKw = aboveReserveKwh > 0 ? Math.min((aboveReserveKwh * dischargeEfficiency) / dt, maxDischargeKw) : 0;
      // Likewise its own charge stops at the ceiling: the headroom, or the room the lookahead keeps (computed only when
      // there is one, so none changes no rounding).
      let producerChargeKw = maxChargeKw;
      if (ceilingKwh < capacityKwh) {
        const belowCeilingKwh = ceilingKwh - storedBeforeKwh;
        producerChargeKw = belowCeilingKwh > 0 ? Math.min(belowCeilingKwh / (chargeEfficiency * dt), maxChargeKw) : 0;
      }
      const unguardedKw = clamp(requestedKw, -producerChargeKw, producerDischargeKw);
      let dispatchKw = unguardedKw;
      let guardCorrectionKw = 0;
      if (guard) {
        // Net import is demand - solar - dispatch: keep it within [-exportLimitKw, feederCapacityKw].
        const uncontrolledKw = totalDemandKw - solarKw;
        // With the lookahead it charges toward what the coming overloads need (discharges toward the room the coming
        // export needs), as far as the feeder has room.
        let targetKw = unguardedKw;
        if (topUpKw > 0 && unguardedKw > -topUpKw) targetKw = -topUpKw;
        else if (drainKw > 0 && unguardedKw < drainKw) targetKw = drainKw; // clipped below to what the battery can give
        const safeKw = clamp(targetKw, uncontrolledKw - config.feederCapacityKw + GUARD_MARGIN_KW, uncontrolledKw + config.exportLimitKw - GUARD_MARGIN_KW);
        // With the lookahead, what the coming overloads need (and the room the coming export needs) is spent last,
        // after the consumers' flexibility. A fixed reserve or headroom alone is still spent before them, as when
        // their figures (benchmarks/RESULTS.md) were measured.
        dispatchKw = lookahead > 0 ? clamp(safeKw, -producerChargeKw, producerDischargeKw) : clamp(safeKw, -maxChargeKw, maxDischargeKw);
        // What the battery could not cover, the consumers' flexible load does, in proportion to each one's room.
        const netKw = totalDemandKw - solarKw - dispatchKw;
        let movedKw = 0;
        if (netKw > config.feederCapacityKw) {
          movedKw = this.guardConsumers(t, netKw - config.feederCapacityKw + GUARD_MARGIN_KW, -1);
          totalDemandKw -= movedKw;
          const stillOverKw = totalDemandKw - solarKw - dispatchKw - config.feederCapacityKw;
          if (lookahead > 0 && stillOverKw > 0) dispatchKw += Math.min(stillOverKw + GUARD_MARGIN_KW, maxDischargeKw - dispatchKw);
        } else if (-netKw > config.exportLimitKw) {
          movedKw = this.guardConsumers(t, -netKw - config.exportLimitKw + GUARD_MARGIN_KW, 1);
          totalDemandKw += movedKw;
          const stillOverKw = solarKw + dispatchKw - totalDemandKw - config.exportLimitKw;
          if (lookahead > 0 && stillOverKw > 0) dispatchKw -= Math.min(stillOverKw + GUARD_MARGIN_KW, maxChargeKw + dispatchKw);
        }
        guardCorrectionKw = Math.abs(dispatchKw - unguardedKw) + movedKw;
      }
      for (let c = 0; c < numConsumers; c++) {
        this.flexUsedKwh[consumerBase + c] += Math.abs(deltas[c]) * dt;
        if (shift) this.backlogKwh[consumerBase + c] -= deltas[c] * dt;
      }
      soc -= dispatchKw >= 0 ? (dispatchKw * dt) / (dischargeEfficiency * capacityKwh) : (dispatchKw * dt * chargeEfficiency) / capacityKwh;
      soc = soc < 0 ? 0 : soc > 1 ? 1 : soc;
      soc *= selfDischarge;
      this.soc[env] = soc;

      // Feeder balance and the team's costs.
      const netImportKw = totalDemandKw - solarKw - dispatchKw;
      const congestionKw = netImportKw > config.feederCapacityKw ? netImportKw - config.feederCapacityKw : 0;
      const exportViolationKw = -netImportKw > config.exportLimitKw ? -netImportKw - config.exportLimitKw : 0;
      const spillKw = exportViolationKw;
      const rampKw = Math.abs(netImportKw - this.prevNetImportKw[env]);
      const importKw = netImportKw > 0 ? netImportKw : 0;
      const energyCost = retail * importKw * dt;
      const throughputKwh = Math.abs(dispatchKw) * dt;
      const degradationCost = config.batteryDegradationUsdPerKwh * throughputKwh;
      const done = this.stepInEpisode[env] + 1 >= config.episodeSteps;
      let unservedKwh = 0;
      if (shift && done) {
        for (let c = 0; c < numConsumers; c++) {
          const backlog = this.backlogKwh[consumerBase + c];
          if (backlog > 0) unservedKwh += backlog;
        }
      }
      const storedAfterKwh = soc * capacityKwh;
      // Shaping potentials: the producer's stored energy and each consumer's unused budget (the team gets their sum).
      const storedShapingUsd = storedValue * (storedAfterKwh - storedBeforeKwh - (done ? storedAfterKwh : 0));
      let shapingUsd = storedShapingUsd;
      if (budgetValue !== 0) for (let c = 0; c < numConsumers; c++) shapingUsd += this.budgetShapingUsd(consumerBase + c, deltas[c], done);
      const teamPrice = teamAtDayAhead ? dayAheadPrice : retail;
      const sharedViolationUsd = difference && config.differenceSharesViolations ? this.violationCostUsd(congestionKw, spillKw) : 0;
      const prevNetImportKw = this.prevNetImportKw[env];
      const teamReward = this.teamRewardOf(teamPrice, netImportKw, prevNetImportKw, throughputKwh, unservedKwh, shapingUsd);
      // Difference rewards compare unshaped team rewards; each agent then gets its own part of the shaping potentials.
      const teamCostReward = difference ? this.teamRewardOf(teamPrice, netImportKw, prevNetImportKw, throughputKwh, unservedKwh, 0) : 0;

      // Rewards.
      for (let c = 0; c < numConsumers; c++) {
        const own = consumerSolar ? consumerSolar[c * length + t] : 0;
        const billedKw = loads[c] - own > 0 ? loads[c] - own : 0;
        const bill = retail * billedKw * dt;
        const overflow = this.flexUsedKwh[consumerBase + c] - config.flexBudgetKwh;
        let unserved = 0;
        if (shift && done) {
          const backlog = this.backlogKwh[consumerBase + c];
          unserved = backlog > 0 ? backlog : 0;
        }
        const individual = -(
          bill +
          weights.comfortPerKw * Math.abs(deltas[c]) +
          weights.comfortOverflowPerKwh * (overflow > 0 ? overflow : 0) +
          config.unservedPenaltyUsdPerKwh * unserved
        );
        if (difference) {
          // The same step had this consumer alone used no flexibility.
          const baseKw = consumerLoad[c * length + t];
          const neutralLoadKw = baseKw > config.minConsumerLoadKw ? baseKw : config.minConsumerLoadKw;
          let neutralUnservedKwh = unservedKwh;
          if (shift && done) {
            const backlog = this.backlogKwh[consumerBase + c];
            const neutralBacklog = backlog + deltas[c] * dt;
            neutralUnservedKwh += (neutralBacklog > 0 ? neutralBacklog : 0) - unserved;
          }
          const neutral = this.teamRewardOf(teamPrice, netImportKw - loads[c] + neutralLoadKw, prevNetImportKw, throughputKwh, neutralUnservedKwh, 0);
          const ownShapingUsd = budgetValue === 0 ? 0 : this.budgetShapingUsd(consumerBase + c, deltas[c], done);
          rewards[c * numEnvs + env] = teamCostReward - neutral + ownShapingUsd;
        } else rewards[c * numEnvs + env] = combine(structure, individual, teamReward, weights.consumerTeamWeight, alpha);
        consumerInfo.loadKw[consumerBase + c] = loads[c];
        consumerInfo.flexDeltaKw[consumerBase + c] = deltas[c];
        consumerInfo.billUsd[consumerBase + c] = bill;
      }
      const producerRevenue = retail * (dispatchKw > 0 ? dispatchKw : 0) * dt;
      const producerOwn =
        producerRevenue - weights.producerWearUsdPerKwh * throughputKwh - weights.producerSpillPerKw * spillKw - degradationCost;
      const operatorOwn = teamReward - weights.operatorAdderPenalty * Math.abs(tariffAdder);
      if (difference) {
        // The same step with an idle battery, then with no tariff adder; the producer also gets the stored-energy potential.
        const idle = this.teamRewardOf(teamPrice, netImportKw + dispatchKw, prevNetImportKw, 0, unservedKwh, 0);
        rewards[this.producerIndex * numEnvs + env] = teamCostReward - idle + storedShapingUsd;
        const noAdderRetail = Math.max(config.retailPriceFloorUsdPerKwh, dayAheadPrice);
        const noAdder = this.teamRewardOf(teamAtDayAhead ? dayAheadPrice : noAdderRetail, netImportKw, prevNetImportKw, throughputKwh, unservedKwh, 0);
        rewards[this.operatorIndex * numEnvs + env] = teamCostReward - noAdder;
        if (sharedViolationUsd !== 0) {
          // Every agent also bears the step's violation costs, as the team does.
          for (let c = 0; c < numConsumers; c++) rewards[c * numEnvs + env] -= sharedViolationUsd;
          rewards[this.producerIndex * numEnvs + env] -= sharedViolationUsd;
          rewards[this.operatorIndex * numEnvs + env] -= sharedViolationUsd;
        }
      } else {
        rewards[this.producerIndex * numEnvs + env] = combine(structure, producerOwn, teamReward, weights.producerTeamWeight, alpha);
        rewards[this.operatorIndex * numEnvs + env] = structure === "team" ? teamReward : structure === "mixed" ? (1 - alpha) * operatorOwn + alpha * teamReward : operatorOwn;
      }

      info.netImportKw[env] = netImportKw;
      info.energyCostUsd[env] = energyCost;
      info.systemCostUsd[env] = dayAheadPrice * importKw * dt;
      info.constraintViolationKw[env] = congestionKw + exportViolationKw;
      info.congestionKw[env] = congestionKw;
      info.exportViolationKw[env] = exportViolationKw;
      info.solarAvailableKw[env] = solarKw;
      info.solarUsedKw[env] = solarKw - spillKw > 0 ? solarKw - spillKw : 0;
      info.retailPrice[env] = retail;
      info.tariffAdderUsdPerKwh[env] = tariffAdder;
      info.batteryDispatchKw[env] = dispatchKw;
      info.guardCorrectionKw[env] = guardCorrectionKw;
      info.rampKw[env] = rampKw;
      info.teamReward[env] = teamReward;
      info.degradationCostUsd[env] = degradationCost;
      info.unservedKwh[env] = unservedKwh;

      this.prevNetImportKw[env] = netImportKw;
      this.lastRetailPrice[env] = retail;
      this.dones[env] = done ? 1 : 0;
      stepped++;
      if (congestionKw > 0 || exportViolationKw > 0) violating++;
      if (!done) {
        this.stepInEpisode[env]++;
        this.writeObservation(env);
      } else if (this.autoReset) {
        this.resetEnv(env);
      } else {
        this.stepInEpisode[env]++;
        this.finished[env] = 1;
        this.clearObservation(env);
      }
    }
    this.counts.envSteps += stepped;
    this.counts.violatingSteps += violating;
  }

  /**
   * The feeder guard's second stage: moves the consumers' loads (the step's `loadScratch` / `deltaScratch` at profile
   * step `t`) by up to `neededKw` in `direction` (-1 down, +1 up), within each consumer's flexibility limit of the
   * step (`flexLimitScratch`, which becomes its room) and the load floor, in proportion to each one's room; returns
   * the total change, kW.
   */
  private guardConsumers(t: number, neededKw: number, direction: -1 | 1): number {
    const minLoadKw = this.config.minConsumerLoadKw;
    const numConsumers = this.numConsumers;
    const loads = this.loadScratch;
    const deltas = this.deltaScratch;
    const room = this.flexLimitScratch;
    const length = this.profileLength;
    let totalRoomKw = 0;
    for (let c = 0; c < numConsumers; c++) {
      const baseKw = this.consumerLoadKw[c * length + t];
      const limitKw = room[c];
      let roomKw: number;
      if (direction < 0) {
        const lowestKw = baseKw - limitKw > minLoadKw ? baseKw - limitKw : minLoadKw;
        roomKw = loads[c] - lowestKw;
      } else roomKw = baseKw + limitKw - loads[c];
      room[c] = roomKw > 0 ? roomKw : 0;
      totalRoomKw += room[c];
    }
    if (totalRoomKw <= 0) return 0;
    const share = neededKw < totalRoomKw ? neededKw / totalRoomKw : 1;
    let movedKw = 0;
    for (let c = 0; c < numConsumers; c++) {
      const shiftKw = room[c] * share;
      if (shiftKw === 0) continue;
      const loadKw = loads[c] + direction * shiftKw;
      // The load stays above the floor, so the load is the base plus the new flexibility.
      deltas[c] = loadKw - this.consumerLoadKw[c * length + t];
      loads[c] = loadKw;
      movedKw += shiftKw;
    }
    return movedKw;
  }

  /**
   * A step's violation costs at the reward weights (congestion and spill energy, plus the per-step penalty when
   * either): the violation terms of {@link teamRewardOf}, which keeps them inline so its sum rounds as it did when
   * the published figures were trained.
   */
  private violationCostUsd(congestionKw: number, spillKw: number): number {
    if (congestionKw <= 0 && spillKw <= 0) return 0;
    const weights = this.config.rewardWeights;
    return (weights.congestionUsdPerKwh * congestionKw + weights.spillUsdPerKwh * spillKw) * this.config.dtHours + weights.violationStepUsd;
  }

  /**
   * The team reward of one env-step from its outcome: energy at `priceUsdPerKwh`, congestion, spill, ramp, battery
   * use and degradation, unserved backlog, plus the shaping potentials' change. The one formula, used for the step
   * itself and for the counterfactual steps of difference rewards.
   */
  private teamRewardOf(
    priceUsdPerKwh: number,
    netImportKw: number,
    prevNetImportKw: number,
    throughputKwh: number,
    unservedKwh: number,
    shapingUsd: number,
  ): number {
    const config = this.config;
    const weights = config.rewardWeights;
    const dt = config.dtHours;
    const importKw = netImportKw > 0 ? netImportKw : 0;
    const congestionKw = netImportKw > config.feederCapacityKw ? netImportKw - config.feederCapacityKw : 0;
    const spillKw = -netImportKw > config.exportLimitKw ? -netImportKw - config.exportLimitKw : 0;
    return (
      shapingUsd -
      (priceUsdPerKwh * importKw * dt +
        weights.congestionUsdPerKwh * congestionKw * dt +
        weights.spillUsdPerKwh * spillKw * dt +
        (congestionKw > 0 || spillKw > 0 ? weights.violationStepUsd : 0) +
        weights.rampUsdPerKw * Math.abs(netImportKw - prevNetImportKw) +
        weights.batteryUseUsdPerKwh * throughputKwh +
        config.batteryDegradationUsdPerKwh * throughputKwh +
        config.unservedPenaltyUsdPerKwh * unservedKwh)
    );
  }

  /**
   * One consumer's flexibility-budget potential for a step ([env][consumer] index `slot`): the flexibility used now,
   * and at the episode's end the budget left unused, each at `flexBudgetUsdPerKwh`.
   */
  private budgetShapingUsd(slot: number, deltaKw: number, done: boolean): number {
    const config = this.config;
    const usedKwh = Math.abs(deltaKw) * config.dtHours;
    return -config.rewardWeights.flexBudgetUsdPerKwh * (usedKwh + (done ? config.flexBudgetKwh - this.flexUsedKwh[slot] : 0));
  }

  /**
   * Forecasts of the next `horizon` steps from env `env`'s current step, as the environment would give a
   * planner: base load of each consumer and solar with the configured relative noise, day-ahead prices exact.
   * Writes into `out` (allocated when absent); steps past the table's end repeat its last step.
   */
  forecast(
    env: number,
    horizon: number,
    out?: { consumerLoadKw: Float64Array; solarKw: Float64Array; dayAheadPriceUsdPerKwh: Float64Array; hourOfDay: Float64Array },
  ) {
    const result = out ?? {
      consumerLoadKw: new Float64Array(horizon * this.numConsumers),
      solarKw: new Float64Array(horizon),
      dayAheadPriceUsdPerKwh: new Float64Array(horizon),
      hourOfDay: new Float64Array(horizon),
    };
    const noise = this.config.forecastNoiseStd;
    const start = this.currentStep(env);
    const length = this.profileLength;
    for (let h = 0; h < horizon; h++) {
      const t = Math.min(start + h, length - 1);
      const exact = h === 0;
      const solar = this.profiles.solarKw[t] * (noise > 0 && !exact ? 1 + noise * this.forecastRng.normal() : 1);
      result.solarKw[h] = solar > 0 ? solar : 0;
      result.dayAheadPriceUsdPerKwh[h] = this.profiles.dayAheadPriceUsdPerKwh[t];
      result.hourOfDay[h] = this.profiles.hourOfDay[t];
      for (let c = 0; c < this.numConsumers; c++) {
        const load = this.consumerLoadKw[c * length + t] * (noise > 0 && !exact ? 1 + noise * this.forecastRng.normal() : 1);
        result.consumerLoadKw[h * this.numConsumers + c] = load > 0 ? load : 0;
      }
    }
    return result;
  }

  private recordActions(actions: ArrayLike<number>): void {
    const perSlot = this.numAgents * this.numEnvs;
    const slots = this.config.communicationDelaySteps + 1;
    this.historyHead = (this.historyHead + 1) % slots;
    const offset = this.historyHead * perSlot;
    for (let index = 0; index < perSlot; index++) {
      const agent = Math.floor(index / this.numEnvs);
      this.actionHistory[offset + index] = this.numActions === 0 ? actions[index] : this.actionValue(actions[index], agent);
    }
  }

  /** Writes env `env`'s observations (every agent) and global state at its current step. */
  private writeObservation(env: number): void {
    const t = this.startStep[env] + this.stepInEpisode[env];
    const profiles = this.profiles;
    const features = profiles.features;
    const config = this.config;
    const numEnvs = this.numEnvs;
    const numConsumers = this.numConsumers;
    const size = this.observationSize;
    const observations = this.observations;
    const hourSin = features.hourSin[t];
    const hourCos = features.hourCos[t];
    const loadNorm = profiles.baseLoadKw[t] / this.maxLoadKw;
    const solarNorm = profiles.solarKw[t] / this.maxSolarKw;
    let forecastNorm = features.solarForecast1h[t] / this.maxSolarKw;
    if (config.forecastNoiseStd > 0) forecastNorm *= 1 + config.forecastNoiseStd * this.rng.normal();
    const priceZ = features.priceZ[t];
    const soc = this.soc[env];
    const importNorm = this.prevNetImportKw[env] / config.feederCapacityKw;
    const consumerBase = env * numConsumers;
    const length = this.profileLength;

    const stateOffset = env * this.stateSize;
    const states = this.states;
    states[stateOffset] = hourSin;
    states[stateOffset + 1] = hourCos;
    states[stateOffset + 2] = loadNorm;
    states[stateOffset + 3] = solarNorm;
    states[stateOffset + 4] = forecastNorm;
    states[stateOffset + 5] = priceZ;
    states[stateOffset + 6] = soc;
    states[stateOffset + 7] = importNorm;
    for (let c = 0; c < numConsumers; c++) {
      states[stateOffset + BASE_STATE_SIZE + c] = this.flexUsedKwh[consumerBase + c] / config.flexBudgetKwh;
    }

    const shift = config.flexibilityMode === "shift";
    for (let agent = 0; agent < this.numAgents; agent++) {
      const offset = (agent * numEnvs + env) * size;
      observations[offset] = hourSin;
      observations[offset + 1] = hourCos;
      observations[offset + 2] = loadNorm;
      observations[offset + 3] = solarNorm;
      observations[offset + 4] = forecastNorm;
      observations[offset + 5] = priceZ;
      observations[offset + 6] = soc;
      observations[offset + 7] = importNorm;
      if (agent < numConsumers) {
        observations[offset + 8] = this.consumerLoadKw[agent * length + t] / this.maxLoadKw;
        observations[offset + 9] = this.flexUsedKwh[consumerBase + agent] / config.flexBudgetKwh;
        observations[offset + 10] = shift ? this.backlogKwh[consumerBase + agent] / config.flexBudgetKwh : 0;
      } else {
        observations[offset + 8] = 0;
        observations[offset + 9] = 0;
        observations[offset + 10] = agent === this.producerIndex ? soc : importNorm;
      }
    }
    if (config.communication !== "none") this.writeCommunication(env);
    if (config.observationNoiseStd > 0) {
      const noise = config.observationNoiseStd;
      for (let agent = 0; agent < this.numAgents; agent++) {
        const offset = (agent * numEnvs + env) * size;
        for (let k = 0; k < size; k++) observations[offset + k] += noise * this.rng.normal();
      }
    }
  }

  private writeCommunication(env: number): void {
    const config = this.config;
    const numEnvs = this.numEnvs;
    const size = this.observationSize;
    const observations = this.observations;
    const drop = config.communicationDropProbability;
    const perSlot = this.numAgents * numEnvs;
    const slots = config.communicationDelaySteps + 1;
    const delayedSlot = ((this.historyHead - config.communicationDelaySteps) % slots + slots) % slots;
    const stateOffset = env * this.stateSize;
    const priceNorm = (this.lastRetailPrice[env] - this.priceMean) / this.priceStd;
    for (let agent = 0; agent < this.numAgents; agent++) {
      const offset = (agent * numEnvs + env) * size + LOCAL_OBSERVATION_SIZE;
      const dropped = drop > 0 && this.rng.uniform() < drop;
      if (config.communication === "broadcast") {
        for (let other = 0; other < this.numAgents; other++) {
          observations[offset + other] = dropped ? 0 : this.actionHistory[delayedSlot * perSlot + other * numEnvs + env];
        }
        observations[offset + this.numAgents] = dropped ? 0 : priceNorm;
      } else {
        for (let k = 0; k < this.stateSize; k++) observations[offset + k] = dropped ? 0 : this.states[stateOffset + k];
      }
    }
  }

  private clearObservation(env: number): void {
    const size = this.observationSize;
    for (let agent = 0; agent < this.numAgents; agent++) {
      const offset = (agent * this.numEnvs + env) * size;
      this.observations.fill(0, offset, offset + size);
    }
    this.states.fill(0, env * this.stateSize, (env + 1) * this.stateSize);
  }

  private checkStart(start: number, field: string): void {
    const last = this.profileLength - this.config.episodeSteps;
    if (!Number.isInteger(start) || start < 0 || start > last) {
      throw new Error(
        `${field}: ${start} is not a valid episode start; expected an integer in [0, ${last}] (profile of ${this.profileLength} steps, episodes of ${this.config.episodeSteps})`,
      );
    }
  }

  private checkStarts(starts: ArrayLike<number>, field: string): Int32Array {
    if (starts.length === 0) throw new Error(`${field}: empty; expected at least one episode start`);
    const out = new Int32Array(starts.length);
    for (let i = 0; i < starts.length; i++) {
      this.checkStart(starts[i], `${field}[${i}]`);
      out[i] = starts[i];
    }
    return out;
  }
}

function defaultStarts(length: number, episodeSteps: number): Int32Array {
  const count = Math.max(length - episodeSteps - 1, 1);
  const starts = new Int32Array(count);
  for (let i = 0; i < count; i++) starts[i] = i;
  return starts;
}

/** One agent's reward under a reward structure, from its own objective and the team's. */
function combine(structure: GridConfig["rewardStructure"], own: number, team: number, articleTeamWeight: number, alpha: number): number {
  switch (structure) {
    case "article":
      return own + articleTeamWeight * team;
    case "individual":
      return own;
    case "team":
      return team;
    default:
      return (1 - alpha) * own + alpha * team;
  }
}
