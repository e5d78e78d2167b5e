import { VecGridEnv } from "@grid/env";
import type { TrainerState, TrainingSetup } from "./algorithm.js";
import type { NetworkSet } from "./actors.js";
import { ReturnNormalizer } from "./normalizer.js";
import { readAdamState, writeAdamState } from "./optimizer-state.js";
import type { tf } from "./tensorflow.js";

// The plumbing every trainer shares: its training environment, its rewards' scaling and tally, and what a checkpoint keeps.

/** The training environment of a setup: `numEnvs` copies, auto-reset, episodes starting on the training days. */
export function createTrainingEnv(setup: TrainingSetup, numEnvs: number): VecGridEnv {
  return new VecGridEnv({ profiles: setup.profiles, config: setup.envConfig, numEnvs, seed: setup.seed, startSteps: setup.trainStartSteps, autoReset: true });
}

/** A named network set of a trainer and the names a checkpoint may hold it under, first found wins. */
interface NamedNetworks {
  name: string;
  set: NetworkSet;
  /** Names to restore from, in order (a target network from its online one in older checkpoints). */
  restoreFrom: string[];
  /** Left as initialised when the checkpoint has none of its names. */
  optional: boolean;
}

/**
 * What a trainer learns and a checkpoint keeps: named network sets, Adam optimisers over their variables, the
 * reward normaliser (one per agent role, when the configuration scales rewards) and other long-lived tensors; one
 * `state`, `restore` and `dispose` for all of them.
 */
export class LearnedParts {
  readonly normalizer: ReturnNormalizer | undefined;
  private readonly networks: NamedNetworks[] = [];
  private readonly optimizers: { name: string; optimizer: tf.Optimizer; variables: () => tf.Variable[] }[] = [];
  private readonly tensors: tf.Tensor[] = [];

  constructor(env: VecGridEnv, rewards: { normalizeRewards: boolean; gamma: number }) {
    this.normalizer = rewards.normalizeRewards ? ReturnNormalizer.byRole(env, rewards.gamma) : undefined;
  }

  /** Registers a network set under `name`; returns it. */
  network(name: string, set: NetworkSet, options: { restoreFrom?: string[]; optional?: boolean } = {}): NetworkSet {
    this.networks.push({ name, set, restoreFrom: options.restoreFrom ?? [name], optional: options.optional ?? false });
    return set;
  }

  /** Registers an optimiser of `networks`' variables under `name`; returns it. */
  optimizer(name: string, optimizer: tf.Optimizer, networks: NetworkSet): tf.Optimizer {
    this.optimizers.push({ name, optimizer, variables: () => networks.variables });
    return optimizer;
  }

  /** Registers a long-lived tensor to dispose with the trainer; returns it. */
  tensor<T extends tf.Tensor>(tensor: T): T {
    this.tensors.push(tensor);
    return tensor;
  }

  /**
   * Scales one step's rewards into `out` at `offset`: by the normaliser's running return spread (and updates it),
   * or copied as they are.
   */
  scaleRewards(rewards: ArrayLike<number>, dones: Uint8Array, numEnvs: number, out: Float32Array, offset: number): void {
    if (this.normalizer) this.normalizer.normalize(rewards, dones, numEnvs, out, offset);
    else for (let row = 0; row < rewards.length; row++) out[offset + row] = rewards[row];
  }

  /** A copy of every learned part, with the trainer's counters. */
  state(counters: { envSteps: number; iterations: number }): TrainerState {
    return {
      networks: Object.fromEntries(this.networks.map(({ name, set }) => [name, set.readWeights()])),
      normalizer: this.normalizer?.state(),
      optimizers: Object.fromEntries(this.optimizers.map(({ name, optimizer }) => [name, readAdamState(optimizer)])),
      envSteps: counters.envSteps,
      iterations: counters.iterations,
    };
  }

  /** Overwrites every learned part from a checkpoint's state; returns its counters. */
  restore(state: TrainerState): { envSteps: number; iterations: number } {
    for (const { name, set, restoreFrom, optional } of this.networks) {
      const saved = restoreFrom.map((candidate) => state.networks[candidate]).find((weights) => weights !== undefined);
      if (saved) set.writeWeights(saved);
      else if (!optional) throw new Error(`checkpoint state: no weights for network "${name}" (looked for ${restoreFrom.join(", ")}); it has ${Object.keys(state.networks).join(", ")}`);
    }
    if (state.normalizer && this.normalizer) this.normalizer.restore(state.normalizer);
    for (const { name, optimizer, variables } of this.optimizers) {
      const saved = state.optimizers?.[name];
      if (saved) writeAdamState(optimizer, saved, variables());
    }
    return { envSteps: state.envSteps, iterations: state.iterations };
  }

  /** Releases every network, optimiser and kept tensor. */
  dispose(): void {
    for (const { set } of this.networks) set.dispose();
    for (const { optimizer } of this.optimizers) optimizer.dispose();
    for (const tensor of this.tensors) tensor.dispose();
  }
}

/** Sums of the environment's rewards over an iteration: mean reward per agent-step and team reward per env-step. */
export class RewardTally {
  private rewardSum = 0;
  private teamSum = 0;
  private agentSteps = 0;
  private envSteps = 0;

  /** Adds the step the environment just took. */
  add(env: VecGridEnv): void {
    for (let row = 0; row < env.rewards.length; row++) this.rewardSum += env.rewards[row];
    for (let e = 0; e < env.numEnvs; e++) this.teamSum += env.info.teamReward[e];
    this.agentSteps += env.rewards.length;
    this.envSteps += env.numEnvs;
  }

  /** The means so far. */
  means(): { meanReward: number; meanTeamReward: number } {
    return { meanReward: this.rewardSum / this.agentSteps, meanTeamReward: this.teamSum / this.envSteps };
  }
}
