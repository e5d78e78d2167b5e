import type { ProfileTable } from "@grid/profiles";
import type { GridConfig, GridConfigDocument } from "./config.js";
import type { StepInfoKey } from "./kernel/step-info.js";
import type { Space } from "./spaces.js";
import { VecGridEnv } from "./vec-env.js";

/** The article's common info of one step (every {@link STEP_INFO} value of the env), plus the battery and the flexibility used. */
export type GridStepInfo = { [Key in StepInfoKey]: number } & {
  batterySoc: number;
  /** Flexibility used this episode by each consumer, kWh. */
  flexUsedKwh: number[];
};

export type AgentRecord<T> = Record<string, T>;

export interface ResetResult {
  observations: AgentRecord<Float32Array>;
  infos: AgentRecord<Record<string, never>>;
}

export interface StepResult {
  observations: AgentRecord<Float32Array>;
  rewards: AgentRecord<number>;
  terminations: AgentRecord<boolean>;
  truncations: AgentRecord<boolean>;
  /** Every agent's info is the step's common info (the article's `__common__`). */
  infos: AgentRecord<GridStepInfo>;
}

/**
 * The seed article's `SmartGridMARLEnv` with PettingZoo's parallel API: a view of one copy of
 * {@link VecGridEnv} without auto-reset, so the physics exists once. Observations are copies the caller may keep.
 * After the last step the observations are zeros (as the article returns) and the env must be reset.
 */
export class GridEnv {
  readonly core: VecGridEnv;
  readonly agents: readonly string[];
  readonly possibleAgents: readonly string[];

  constructor(profiles: ProfileTable, config: GridConfigDocument = {}, options: { seed?: number; startSteps?: ArrayLike<number> } = {}) {
    this.core = new VecGridEnv({ profiles, config, numEnvs: 1, seed: options.seed, startSteps: options.startSteps, autoReset: false });
    this.agents = this.core.agentIds;
    this.possibleAgents = this.core.agentIds;
  }

  get config(): GridConfig {
    return this.core.config;
  }

  observationSpace(agent: string): Space {
    this.agentIndex(agent);
    return { type: "box", shape: [this.core.observationSize], low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
  }

  actionSpace(agent: string): Space {
    this.agentIndex(agent);
    return this.core.numActions > 0 ? { type: "discrete", n: this.core.numActions } : { type: "box", shape: [1], low: -1, high: 1 };
  }

  /** Starts an episode at `startIndex` (a profile step) or at a sampled start; `seed` restarts the random stream. */
  reset(options: { seed?: number; startIndex?: number } = {}): ResetResult {
    this.core.reset({ seed: options.seed, startSteps: options.startIndex });
    const infos: AgentRecord<Record<string, never>> = {};
    for (const agent of this.agents) infos[agent] = {};
    return { observations: this.observations(), infos };
  }

  /** One simultaneous step: an action per agent (a level index, or a value in [-1, 1] when continuous). */
  step(actions: AgentRecord<number>): StepResult {
    const core = this.core;
    if (core.finished[0]) throw new Error("step after the episode ended; call reset() first");
    for (let agent = 0; agent < core.numAgents; agent++) {
      const action = actions[this.agents[agent]];
      if (action === undefined) throw new Error(`actions: no action for ${this.agents[agent]}; expected one for each of ${this.agents.join(", ")}`);
      core.actions[agent] = action;
    }
    for (const name of Object.keys(actions)) this.agentIndex(name);
    core.step(core.actions);
    const done = core.dones[0] === 1;
    const info = this.commonInfo();
    const rewards: AgentRecord<number> = {};
    const terminations: AgentRecord<boolean> = {};
    const truncations: AgentRecord<boolean> = {};
    const infos: AgentRecord<GridStepInfo> = {};
    this.agents.forEach((agent, index) => {
      rewards[agent] = core.rewards[index];
      terminations[agent] = done;
      truncations[agent] = false;
      infos[agent] = info;
    });
    return { observations: this.observations(), rewards, terminations, truncations, infos };
  }

  /** The global state for a centralised critic (zeros after the episode's last step). */
  state(): Float32Array {
    return this.core.states.slice(0, this.core.stateSize);
  }

  private observations(): AgentRecord<Float32Array> {
    const size = this.core.observationSize;
    const out: AgentRecord<Float32Array> = {};
    this.agents.forEach((agent, index) => {
      out[agent] = this.core.observations.slice(index * size, (index + 1) * size);
    });
    return out;
  }

  /**
   * The step's common info, written out key by key in {@link STEP_INFO}'s order: `satisfies` has the compiler check
   * that it holds every key and no other. Built by a loop over `STEP_INFO_KEYS`, it cost some 400 ns a step (V8's
   * keyed loads and stores with a new key each time go through its megamorphic cache), a fifth of the view's step.
   */
  private commonInfo(): GridStepInfo {
    const core = this.core;
    const info = core.info;
    return {
      netImportKw: info.netImportKw[0],
      energyCostUsd: info.energyCostUsd[0],
      systemCostUsd: info.systemCostUsd[0],
      constraintViolationKw: info.constraintViolationKw[0],
      congestionKw: info.congestionKw[0],
      exportViolationKw: info.exportViolationKw[0],
      solarAvailableKw: info.solarAvailableKw[0],
      solarUsedKw: info.solarUsedKw[0],
      retailPrice: info.retailPrice[0],
      tariffAdderUsdPerKwh: info.tariffAdderUsdPerKwh[0],
      batteryDispatchKw: info.batteryDispatchKw[0],
      guardCorrectionKw: info.guardCorrectionKw[0],
      rampKw: info.rampKw[0],
      teamReward: info.teamReward[0],
      degradationCostUsd: info.degradationCostUsd[0],
      unservedKwh: info.unservedKwh[0],
      batterySoc: core.soc[0],
      flexUsedKwh: Array.from(core.flexUsedKwh.subarray(0, core.numConsumers)),
    } satisfies GridStepInfo;
  }

  private agentIndex(agent: string): number {
    const index = this.agents.indexOf(agent);
    if (index < 0) throw new Error(`unknown agent "${agent}"; agents are ${this.agents.join(", ")}`);
    return index;
  }
}
