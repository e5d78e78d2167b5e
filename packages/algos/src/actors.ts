import type { Sfc32, VecGridEnv } from "@grid/env";
import { Mlp } from "./mlp.js";
import { tf } from "./tensorflow.js";

/**
 * How agents share network parameters:
 * `all`: one network for every agent, told apart by a role one-hot input (one forward pass for all agents);
 * `role`: consumers share one network, the producer and the operator each have their own;
 * `none`: one network per agent (the article's per-agent actors; does not scale to hundreds of consumers).
 */
export type ParameterSharing = "all" | "role" | "none";

/** Entries of the role one-hot appended to each agent's observation: consumer, producer, operator. */
export const ROLE_FEATURES = 3;

/** The shape of the environment a network set was built for. */
export interface AgentShape {
  numConsumers: number;
  numAgents: number;
  observationSize: number;
  stateSize: number;
  /** Discrete actions per agent; 0 in continuous mode. */
  numActions: number;
}

/** The agent shape of an environment. */
export function agentShapeOf(env: VecGridEnv): AgentShape {
  return {
    numConsumers: env.numConsumers,
    numAgents: env.numAgents,
    observationSize: env.observationSize,
    stateSize: env.stateSize,
    numActions: env.numActions,
  };
}

/** Role of an agent: 0 consumer, 1 producer, 2 operator. */
export function agentRole(shape: AgentShape, agent: number): number {
  return agent < shape.numConsumers ? 0 : agent === shape.numConsumers ? 1 : 2;
}

/** One network and the contiguous agents it serves. */
export interface NetworkGroup {
  firstAgent: number;
  agentCount: number;
  network: Mlp;
}

/** The agent groups a sharing mode makes: contiguous agent ranges (agents are ordered consumers, producer, operator). */
export function sharingGroups(shape: AgentShape, sharing: ParameterSharing): { firstAgent: number; agentCount: number }[] {
  if (sharing === "all") return [{ firstAgent: 0, agentCount: shape.numAgents }];
  if (sharing === "role") {
    return [
      { firstAgent: 0, agentCount: shape.numConsumers },
      { firstAgent: shape.numConsumers, agentCount: 1 },
      { firstAgent: shape.numConsumers + 1, agentCount: 1 },
    ];
  }
  return Array.from({ length: shape.numAgents }, (_, agent) => ({ firstAgent: agent, agentCount: 1 }));
}

/**
 * Networks over agents under a sharing mode. Inputs are agent-major rows (every row of agent 0, then agent 1, ...),
 * so each group's rows are one contiguous slice and the whole batch costs one forward pass per group.
 */
export class NetworkSet {
  readonly groups: NetworkGroup[];
  /** Group index of each agent. */
  readonly groupOfAgent: Int32Array;

  constructor(
    readonly shape: AgentShape,
    readonly sharing: ParameterSharing,
    build: () => Mlp,
  ) {
    this.groups = sharingGroups(shape, sharing).map((group) => ({ ...group, network: build() }));
    this.groupOfAgent = new Int32Array(shape.numAgents);
    this.groups.forEach((group, index) => {
      this.groupOfAgent.fill(index, group.firstAgent, group.firstAgent + group.agentCount);
    });
  }

  /** Every variable of every group. */
  get variables(): tf.Variable[] {
    return this.groups.flatMap((group) => group.network.variables);
  }

  /**
   * Output for rows ordered by group, `rowsPerGroup[g]` rows for group g (e.g. agentCount x numEnvs in a rollout).
   * Call inside `tf.tidy`.
   */
  apply(input: tf.Tensor2D, rowsPerGroup: ArrayLike<number>): tf.Tensor2D {
    if (this.groups.length === 1) return this.groups[0].network.apply(input);
    const outputs: tf.Tensor2D[] = [];
    let begin = 0;
    this.groups.forEach((group, index) => {
      const rows = rowsPerGroup[index];
      if (rows > 0) outputs.push(group.network.apply(tf.slice(input, [begin, 0], [rows, -1])));
      begin += rows;
    });
    return outputs.length === 1 ? outputs[0] : tf.concat(outputs, 0);
  }

  /** Rows per group when every agent has `rowsPerAgent` rows (agent-major layout). */
  rowsPerGroup(rowsPerAgent: number): number[] {
    return this.groups.map((group) => group.agentCount * rowsPerAgent);
  }

  /** Copies of every group's weights. */
  readWeights(): Float32Array[][] {
    return this.groups.map((group) => group.network.readWeights());
  }

  writeWeights(weights: readonly (readonly Float32Array[])[]): void {
    if (weights.length !== this.groups.length) throw new Error(`weights: ${weights.length} networks for ${this.groups.length} groups`);
    this.groups.forEach((group, index) => {
      group.network.writeWeights(weights[index]);
    });
  }

  softUpdateFrom(source: NetworkSet, tau: number): void {
    this.groups.forEach((group, index) => {
      group.network.softUpdateFrom(source.groups[index].network, tau);
    });
  }

  dispose(): void {
    for (const group of this.groups) group.network.dispose();
  }
}

/** Entries of an actor input row: the agent's observation and its role one-hot. */
export function actorInputSize(shape: AgentShape): number {
  return shape.observationSize + ROLE_FEATURES;
}

/**
 * Writes every agent's actor input rows ([agent][env][observation, role one-hot]) from the environment's
 * observation buffer into `target` at `offset`.
 */
export function writeActorInputs(env: VecGridEnv, target: Float32Array, offset = 0): void {
  const size = env.observationSize;
  const width = size + ROLE_FEATURES;
  const observations = env.observations;
  const rows = env.numAgents * env.numEnvs;
  for (let row = 0; row < rows; row++) {
    const agent = Math.floor(row / env.numEnvs);
    const base = offset + row * width;
    for (let k = 0; k < size; k++) target[base + k] = observations[row * size + k];
    const role = agent < env.numConsumers ? 0 : agent === env.producerIndex ? 1 : 2;
    target[base + size] = role === 0 ? 1 : 0;
    target[base + size + 1] = role === 1 ? 1 : 0;
    target[base + size + 2] = role === 2 ? 1 : 0;
  }
}

/** Network shape options shared by every algorithm. */
export interface NetworkOptions {
  /** Hidden layer widths of actors and critics. */
  hiddenSizes: readonly number[];
  /** Parameter sharing of the actors (and of per-agent critics). */
  sharing: ParameterSharing;
}

/** Builds a set of actor networks for `shape` with outputs of `outputSize` (logits or one action). */
export function buildActors(shape: AgentShape, options: NetworkOptions, outputSize: number, random: Sfc32, outputScale = 0.01): NetworkSet {
  return new NetworkSet(shape, options.sharing, () => new Mlp({ inputSize: actorInputSize(shape), hiddenSizes: options.hiddenSizes, outputSize, outputScale }, random));
}
