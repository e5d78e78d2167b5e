import type { GridConfig } from "../config.js";
import type { Sfc32 } from "../rng.js";
import type { GridData } from "./grid-data.js";
import { actionLevelValuesOf } from "./actions.js";
import { GridState } from "./grid-state.js";
import { BUFFER_LIMIT, type ObservationLayout, observationLayout } from "./observation-index.js";
import { COUNTERFACTUAL, counterfactualRowCount } from "./rewards/counterfactual.js";
import { ConsumerInfoBuffers, createStepInfoBuffers, type StepInfoBuffers } from "./step-info.js";

/** The values one step passes from stage to stage, one per env (or [env][consumer]). Scratch: never read across steps. */
export class StepWork {
  /** Total consumer load, kW (after flexibility; the feeder guard moves it). */
  readonly demandKw: Float64Array;
  /** The flexibility each consumer may use this step (flexKw, within the budget left when enforced), [env][consumer], kW. */
  readonly flexLimitKw: Float64Array;
  /** Energy stored before the step, kWh. */
  readonly storedBeforeKwh: Float64Array;
  /** What the battery can discharge and charge this step (rating and state of charge), kW. */
  readonly maxDischargeKw: Float64Array;
  readonly maxChargeKw: Float64Array;
  /** What the producer's own dispatch may discharge and charge (above the reserve, below the headroom), kW; written only when `data.batteryReserved`. */
  readonly producerDischargeKw: Float64Array;
  readonly producerChargeKw: Float64Array;
  /** The guard's lookahead: charge toward the coming overloads' energy, discharge toward the coming export's room, kW. */
  readonly topUpKw: Float64Array;
  readonly drainKw: Float64Array;
  /** The guard's lookahead: the uncontrolled feeder's coming energy above its capacity, and export above its limit, as foreseen, kWh. */
  readonly overloadAheadKwh: Float64Array;
  readonly exportAheadKwh: Float64Array;
  /** The producer's dispatch before the feeder guard, kW. */
  readonly unguardedKw: Float64Array;
  /** The guard's lookahead on forecasts: one env's standard normal draws for its window, [step][solar, consumers]. */
  readonly forecastNoise: Float64Array;
  /**
   * Difference rewards: one env's steps to score (`COUNTERFACTUAL_ROW`: the step itself shaped, then unshaped, each
   * consumer neutral, the battery idle, no adder), each a row of `COUNTERFACTUAL.size` inputs of the team reward
   * (`rewards/difference.ts`), and their team rewards.
   */
  readonly counterfactualInputs: Float64Array;
  readonly counterfactualRewards: Float64Array;

  /** The step's scratch for `numEnvs` envs and `numConsumers` consumers, with a lookahead of `lookaheadSteps`. */
  constructor(numEnvs: number, numConsumers: number, lookaheadSteps: number) {
    this.demandKw = new Float64Array(numEnvs);
    this.flexLimitKw = new Float64Array(numEnvs * numConsumers);
    this.storedBeforeKwh = new Float64Array(numEnvs);
    this.maxDischargeKw = new Float64Array(numEnvs);
    this.maxChargeKw = new Float64Array(numEnvs);
    this.producerDischargeKw = new Float64Array(numEnvs);
    this.producerChargeKw = new Float64Array(numEnvs);
    this.topUpKw = new Float64Array(numEnvs);
    this.drainKw = new Float64Array(numEnvs);
    this.overloadAheadKwh = new Float64Array(numEnvs);
    this.exportAheadKwh = new Float64Array(numEnvs);
    this.unguardedKw = new Float64Array(numEnvs);
    this.forecastNoise = new Float64Array(lookaheadSteps * (numConsumers + 1));
    this.counterfactualInputs = new Float64Array(counterfactualRowCount(numConsumers) * COUNTERFACTUAL.size);
    this.counterfactualRewards = new Float64Array(counterfactualRowCount(numConsumers));
  }
}

/**
 * Everything the stages of a step share: the configuration, the fixed grid data, the state, the step's scratch,
 * and the output buffers. Each stage is a function of it that loops over the envs that have not finished, and reads
 * the numbers it needs from the configuration once, before that loop, as `+config.x`: a float64, where the parsed
 * configuration's field is a tagged value V8 would check and unbox again at every use in the loop (the env README,
 * "What a stage costs"). A class, as are `StepWork`, `GridState` and `GridData`, for the reason `GridState` gives.
 */
export class Kernel {
  /** The configuration (replaced only when the reward weights are). */
  config: GridConfig;
  /** The actions of the step in progress, [agent][env] (level indices, or values in [-1, 1] in continuous mode). */
  actions: ArrayLike<number>;
  /** The reward structure's stage (`REWARD_STAGES[config.rewardStructure]`). */
  readonly rewardStage: KernelStages["rewardStage"];
  /** The guard's lookahead stage (`LOOKAHEAD_STAGES[config.guardForecast]`; run only with a lookahead). */
  readonly lookaheadStage: KernelStages["lookaheadStage"];
  readonly data: GridData;
  readonly state: GridState;
  readonly work: StepWork;
  readonly numEnvs: number;
  readonly numConsumers: number;
  readonly numAgents: number;
  readonly producerIndex: number;
  readonly operatorIndex: number;
  readonly agentIds: readonly string[];
  /** Discrete actions per agent (0 in continuous mode), and the value in [-1, 1] of each. */
  readonly numActions: number;
  readonly actionLevelValues: Float64Array;
  /** Where the forecast block and the messages are in an agent's observation and in the global state. */
  readonly layout: ObservationLayout;
  /** Entries of an agent's observation and of the global state (`layout`'s). */
  readonly observationSize: number;
  readonly stateSize: number;
  /** Outputs: [agent][env][observationSize], [env][stateSize], [agent][env], [env]. */
  readonly observations: Float32Array;
  readonly states: Float32Array;
  readonly rewards: Float64Array;
  readonly dones: Uint8Array;
  readonly info: StepInfoBuffers;
  readonly consumerInfo: ConsumerInfoBuffers;

  /** The kernel of `numEnvs` copies of the grid of `data` under `config`, with the stages it chose: every buffer, allocated once. */
  constructor(config: GridConfig, data: GridData, numEnvs: number, stages: KernelStages) {
    const numConsumers = data.numConsumers;
    const numAgents = numConsumers + 2;
    const layout = observationLayout(config, numConsumers);
    const observationEntries = numAgents * numEnvs * layout.observationSize;
    checkBufferEntries(observationEntries, numEnvs, numAgents, layout.observationSize);
    this.config = config;
    this.actions = new Float32Array(0);
    this.rewardStage = stages.rewardStage;
    this.lookaheadStage = stages.lookaheadStage;
    this.data = data;
    this.state = new GridState(numEnvs, numConsumers, numAgents, config.communicationDelaySteps + 1);
    this.work = new StepWork(numEnvs, numConsumers, data.lookaheadSteps);
    this.numEnvs = numEnvs;
    this.numConsumers = numConsumers;
    this.numAgents = numAgents;
    this.producerIndex = numConsumers;
    this.operatorIndex = numConsumers + 1;
    this.agentIds = [...Array.from({ length: numConsumers }, (_, i) => `consumer_${i}`), "producer", "operator"];
    this.actionLevelValues = actionLevelValuesOf(config);
    this.numActions = this.actionLevelValues.length;
    this.layout = layout;
    this.observationSize = layout.observationSize;
    this.stateSize = layout.stateSize;
    this.observations = new Float32Array(observationEntries);
    this.states = new Float32Array(numEnvs * this.stateSize);
    this.rewards = new Float64Array(numAgents * numEnvs);
    this.dones = new Uint8Array(numEnvs);
    this.info = createStepInfoBuffers(numEnvs);
    this.consumerInfo = new ConsumerInfoBuffers(numEnvs, numConsumers);
  }
}

/** The stages a configuration selects (a reward structure's, a lookahead's), given to the {@link Kernel}. */
export interface KernelStages {
  readonly rewardStage: (kernel: Kernel) => void;
  readonly lookaheadStage: (kernel: Kernel, rng: Sfc32) => void;
}

/** Throws when the observations of `numEnvs` copies would pass `BUFFER_LIMIT.maxEntries` (the state has fewer entries). */
function checkBufferEntries(entries: number, numEnvs: number, numAgents: number, observationSize: number): void {
  if (entries <= BUFFER_LIMIT.maxEntries) return;
  throw new Error(
    `numEnvs: ${numEnvs} copies x ${numAgents} agents x ${observationSize} observation entries = ${entries}; at most ${BUFFER_LIMIT.maxEntries} in one VecGridEnv (use fewer copies per environment)`,
  );
}

/** The profile step env `env` is at. */
export function profileStep(state: GridState, env: number): number {
  return state.startStep[env] + state.stepInEpisode[env];
}

/** `value` limited to [low, high] (low wins when they cross). */
export function clamp(value: number, low: number, high: number): number {
  return value > high ? high : value < low ? low : value;
}
