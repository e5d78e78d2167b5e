import { OBSERVATION_INDEX, type ObservationLayout, type Policy, Sfc32, type VecGridEnv } from "@grid/env";
import { z } from "zod";
import { ActorPolicy } from "./actor-policy.js";
import type { ActorSpec, AlgorithmDefinition, IterateOptions, IterationStats, Trainer, TrainerState, TrainingSetup } from "./algorithm.js";
import { type AgentShape, actorInputSize, agentShapeOf, buildActors, NetworkSet, ROLE_FEATURES, writeActorInputs } from "./actors.js";
import { DemonstrationBuffer } from "./demonstrations.js";
import { type DiagnosticName, explainedVariance, MinibatchMeans, StepsPerSecond, type TrainingDiagnostics } from "./diagnostics.js";
import { computeGae } from "./gae.js";
import { Mlp } from "./mlp.js";
import { tf } from "./tensorflow.js";
import { clipGradientsByGlobalNorm } from "./gradients.js";
import { createTrainingEnv, LearnedParts, RewardTally } from "./trainer-parts.js";

/** What the critic sees. */
export const criticInputSchema = z.enum(["local", "global", "state"]);
/**
 * `local`: the agent's own observation and role (independent critics, IPPO).
 * `global`: the global state plus the agent's own features and role (MAPPO's agent-specific global state): its
 * observation from `OBSERVATION_INDEX.ownStart` on, less the forecast block the state already holds.
 * `state`: the global state only, one value for all agents (the article's central critic).
 */
export type CriticInput = z.output<typeof criticInputSchema>;

const positive = z.number().finite().positive();
const fraction = z.number().finite().min(0).max(1);

/**
 * Configuration of the actor-critic family (ac-ctde, ippo, mappo), every field with PPO's default (CleanRL's and the
 * MAPPO paper's usual values, sized for this 2-core machine); each algorithm overrides some defaults
 * ({@link actorCriticSchema}).
 */
export const actorCriticConfigSchema = z
  .object({
    /** Environment copies stepped together in a rollout. */
    numEnvs: z.number().int().min(1).default(32),
    /** Steps of every env per rollout (one update per rollout). */
    rolloutSteps: z.number().int().min(1).default(96),
    /** Passes over each rollout. */
    epochs: z.number().int().min(1).default(4),
    /** Minibatches per pass (the rollout's agent-steps split evenly). */
    minibatches: z.number().int().min(1).default(4),
    /** Adam learning rate of the actors. */
    actorLearningRate: positive.default(5e-4),
    /** Adam learning rate of the critic. */
    criticLearningRate: positive.default(5e-4),
    /** Discount factor. */
    gamma: fraction.default(0.99),
    /** GAE lambda (1: discounted Monte-Carlo returns minus the value, the article's advantage). */
    gaeLambda: fraction.default(0.95),
    /** PPO's clip range of the probability ratio (0: no clipping, the plain policy gradient). */
    clipRange: z.number().finite().min(0).default(0.2),
    /** Clip range of the value update around the rollout's values (0: no value clipping). */
    valueClipRange: z.number().finite().min(0).default(0.2),
    /** Weight of the entropy bonus. */
    entropyCoefficient: z.number().finite().min(0).default(0.01),
    /**
     * Share of each action distribution spread uniformly over the levels (0: none): the policy is
     * (1 - this) x softmax(logits) + this / levels, in sampling and in the loss alike, so no level's probability
     * falls below this / levels and a level that looked bad early is still tried. Greedy evaluation is unchanged.
     */
    explorationFloor: z.number().finite().min(0).max(0.5).default(0),
    /** Largest global gradient norm of each of actor and critic (0: no clipping). */
    maxGradNorm: z.number().finite().min(0).default(0.5),
    /** Normalise advantages to zero mean and unit spread in each minibatch. */
    normalizeAdvantages: z.boolean().default(true),
    /**
     * Clip each raw reward to [-this, +this] before any scaling (0: no clipping). Bounds how much one catastrophic
     * exploratory step (a battery charging into the evening peak) outweighs the cents of a good one.
     */
    rewardClip: z.number().finite().min(0).default(0),
    /** Scale rewards by a running estimate of the return's spread, per agent role (stored in checkpoints). */
    normalizeRewards: z.boolean().default(true),
    /** `own`: each agent learns from its own reward; `joint`: every agent from the mean over agents (the article). */
    rewardMode: z.enum(["own", "joint"]).default("own"),
    /** What the critic sees (see {@link CriticInput}). */
    criticInput: criticInputSchema.default("local"),
    /**
     * Hidden layer widths of actors and critic. 32x32 trains 2x faster than 64x64 on the wasm backend (11,600
     * against 5,000-6,400 env-steps/s, benchmarks/algos-throughput.mjs).
     */
    hiddenSizes: z.array(z.number().int().min(1)).min(1).default([32, 32]),
    /** Actor (and per-agent critic) parameter sharing: `all` (role input), `role`, or `none` (per agent). */
    sharing: z.enum(["all", "role", "none"]).default("all"),
  })
  .strict();

/** The configuration of ac-ctde, ippo and mappo. */
export type ActorCriticConfig = z.output<typeof actorCriticConfigSchema>;

/** PPO's defaults: {@link actorCriticConfigSchema} with nothing given. */
export const PPO_DEFAULTS: ActorCriticConfig = actorCriticConfigSchema.parse({});

/** The family's schema with an algorithm's own defaults: a field not given takes `defaults`' value, else PPO's. */
export function actorCriticSchema(defaults: Partial<ActorCriticConfig> = {}) {
  const withDefaults = (input: unknown) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
    const given = Object.entries(input).filter(([, value]) => value !== undefined);
    return { ...defaults, ...Object.fromEntries(given) };
  };
  return z.preprocess(withDefaults, actorCriticConfigSchema);
}

/** Entries of a critic input row (`layout`: the environment's, for the agent's own part of its observation). */
function criticInputSize(shape: AgentShape, layout: ObservationLayout, input: CriticInput): number {
  if (input === "local") return actorInputSize(shape);
  if (input === "state") return shape.stateSize;
  return shape.stateSize + ROLE_FEATURES + (shape.observationSize - OBSERVATION_INDEX.ownStart - layout.forecastSize);
}

/**
 * The actor-critic trainer behind ac-ctde, ippo and mappo: batched rollouts over the vectorised environment
 * (one actor forward pass and one download per step for all agents and envs), advantages by GAE, then epochs of
 * minibatch updates of the clipped surrogate (or, with `clipRange` 0, the plain policy gradient) and the critic.
 */
export class ActorCriticTrainer implements Trainer {
  readonly env: VecGridEnv;
  readonly shape: AgentShape;
  readonly actors: NetworkSet;
  readonly critic: NetworkSet;
  envSteps = 0;
  iterations = 0;

  private readonly random: Sfc32;
  private readonly parts: LearnedParts;
  private readonly actorOptimizer: tf.Optimizer;
  private readonly criticOptimizer: tf.Optimizer;
  private readonly stepsPerSecond = new StepsPerSecond();
  private readonly rows: number;
  private readonly inputWidth: number;
  private readonly criticWidth: number;
  private readonly numActions: number;
  // Rollout buffers, allocated once: [step][row] with rows agent-major (agent * numEnvs + env).
  private readonly inputs: Float32Array;
  private readonly states: Float32Array;
  private readonly actions: Int32Array;
  private readonly logProbs: Float32Array;
  private readonly rewards: Float32Array;
  private readonly rawRewards: Float64Array;
  private readonly dones: Uint8Array;
  private readonly values: Float32Array;
  private readonly advantages: Float32Array;
  private readonly returns: Float32Array;
  private readonly order: Int32Array;
  private readonly probabilities: Float64Array;
  // Minibatch buffers.
  private readonly batchSize: number;
  private readonly batchInputs: Float32Array;
  private readonly batchCritic: Float32Array;
  private readonly batchMask: Float32Array;
  private readonly batchLogProbs: Float32Array;
  private readonly batchAdvantages: Float32Array;
  private readonly batchReturns: Float32Array;
  private readonly batchValues: Float32Array;
  private readonly batchIndices: Int32Array;
  private readonly groupCounts: Int32Array;
  private readonly groupStarts: Int32Array;
  /** A warm start's demonstrations, kept for a decaying imitation term while fine-tuning. */
  private demonstrations?: DemonstrationBuffer;
  private batchDemoInputs?: Float32Array;
  private batchDemoMask?: Float32Array;

  constructor(
    readonly algorithm: string,
    setup: TrainingSetup,
    readonly config: ActorCriticConfig,
  ) {
    this.env = createTrainingEnv(setup, config.numEnvs);
    const env = this.env;
    this.parts = new LearnedParts(env, config);
    if (env.numActions === 0) {
      throw new Error(`${algorithm} acts on discrete levels; the environment's actionMode is "continuous" (use maddpg, or actionMode: "discrete")`);
    }
    this.shape = agentShapeOf(env);
    this.random = new Sfc32(setup.seed * 7919 + 17);
    this.numActions = env.numActions;
    this.actors = this.parts.network("actor", buildActors(this.shape, config, env.numActions, this.random));
    this.inputWidth = actorInputSize(this.shape);
    this.criticWidth = criticInputSize(this.shape, env.layout, config.criticInput);
    const criticSharing = config.criticInput === "state" ? "all" : config.sharing;
    const buildCritic = () => new Mlp({ inputSize: this.criticWidth, hiddenSizes: config.hiddenSizes, outputSize: 1, outputScale: 1 }, this.random);
    this.critic = this.parts.network("critic", new NetworkSet(this.shape, criticSharing, buildCritic), { optional: true });
    this.actorOptimizer = this.parts.optimizer("actor", tf.train.adam(config.actorLearningRate, 0.9, 0.999, 1e-5), this.actors);
    this.criticOptimizer = this.parts.optimizer("critic", tf.train.adam(config.criticLearningRate, 0.9, 0.999, 1e-5), this.critic);

    const rows = env.numAgents * env.numEnvs;
    this.rows = rows;
    const steps = config.rolloutSteps;
    this.inputs = new Float32Array((steps + 1) * rows * this.inputWidth);
    this.states = new Float32Array(config.criticInput === "local" ? 0 : (steps + 1) * env.numEnvs * env.stateSize);
    this.actions = new Int32Array(steps * rows);
    this.logProbs = new Float32Array(steps * rows);
    this.rewards = new Float32Array(steps * rows);
    this.rawRewards = new Float64Array(rows);
    this.dones = new Uint8Array(steps * env.numEnvs);
    this.values = new Float32Array((steps + 1) * rows);
    this.advantages = new Float32Array(steps * rows);
    this.returns = new Float32Array(steps * rows);
    this.order = new Int32Array(steps * rows);
    this.probabilities = new Float64Array(env.numActions);
    this.batchSize = Math.floor((steps * rows) / config.minibatches);
    if (this.batchSize < 1) throw new Error(`${algorithm}.minibatches: ${config.minibatches} is more than the ${steps * rows} agent-steps of a rollout`);
    this.batchInputs = new Float32Array(this.batchSize * this.inputWidth);
    this.batchCritic = new Float32Array(this.batchSize * this.criticWidth);
    this.batchMask = new Float32Array(this.batchSize * env.numActions);
    this.batchLogProbs = new Float32Array(this.batchSize);
    this.batchAdvantages = new Float32Array(this.batchSize);
    this.batchReturns = new Float32Array(this.batchSize);
    this.batchValues = new Float32Array(this.batchSize);
    this.batchIndices = new Int32Array(this.batchSize);
    this.groupCounts = new Int32Array(this.actors.groups.length);
    this.groupStarts = new Int32Array(this.actors.groups.length);
  }

  iterate(options: IterateOptions = {}): IterationStats {
    const started = performance.now();
    const timing = { envMs: 0, networkMs: 0 };
    const expert = options.expert;
    const { meanReward, meanTeamReward } = this.collectRollout(timing, expert);
    if (expert) this.keepDemonstrations();
    let mark = performance.now();
    this.computeValues();
    timing.networkMs += performance.now() - mark;
    const config = this.config;
    computeGae(this.rewards, this.values, this.dones, config.rolloutSteps, this.rows, this.env.numEnvs, config.gamma, config.gaeLambda, this.advantages, this.returns);
    const imitationWeight = this.demonstrations && !expert ? (options.imitationWeight ?? 0) : 0;
    const losses = this.update(timing, expert !== undefined, imitationWeight);
    this.iterations++;
    const envSteps = config.rolloutSteps * this.env.numEnvs;
    this.envSteps += envSteps;
    mark = performance.now();
    const diagnostics: TrainingDiagnostics = {
      ...losses,
      "losses/explained_variance": explainedVariance(this.values, this.returns, config.rolloutSteps * this.rows),
      "charts/SPS": this.stepsPerSecond.record(envSteps, mark - started),
    };
    return { envSteps, meanReward, meanTeamReward, diagnostics, envMs: timing.envMs, networkMs: timing.networkMs, otherMs: mark - started - timing.envMs - timing.networkMs };
  }

  /**
   * Steps every env `rolloutSteps` times with actions sampled from the actors (or, given an expert, the expert's
   * actions, with the actors' log-probabilities of them), filling the rollout buffers.
   */
  private collectRollout(timing: { envMs: number; networkMs: number }, expert?: Policy): { meanReward: number; meanTeamReward: number } {
    const env = this.env;
    const rows = this.rows;
    const width = this.inputWidth;
    const numActions = this.numActions;
    const numEnvs = env.numEnvs;
    const probabilities = this.probabilities;
    const floor = this.config.explorationFloor;
    const rowsPerGroup = this.actors.rowsPerGroup(numEnvs);
    const tally = new RewardTally();
    for (let t = 0; t < this.config.rolloutSteps; t++) {
      this.recordInputs(t);
      let mark = performance.now();
      const logitsTensor = tf.tidy(() => this.actors.apply(tf.tensor2d(this.inputs.subarray(t * rows * width, (t + 1) * rows * width), [rows, width]), rowsPerGroup));
      const logits = logitsTensor.dataSync();
      logitsTensor.dispose();
      timing.networkMs += performance.now() - mark;
      expert?.act(env, env.actions);
      for (let row = 0; row < rows; row++) {
        const base = row * numActions;
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < numActions; k++) max = logits[base + k] > max ? logits[base + k] : max;
        let total = 0;
        for (let k = 0; k < numActions; k++) {
          probabilities[k] = Math.exp(logits[base + k] - max);
          total += probabilities[k];
        }
        if (floor > 0) {
          // Mix in the uniform share: probabilities still sum to `total`.
          for (let k = 0; k < numActions; k++) probabilities[k] = (1 - floor) * probabilities[k] + (floor * total) / numActions;
        }
        let u = this.random.uniform() * total;
        let action = numActions - 1;
        for (let k = 0; k < numActions; k++) {
          u -= probabilities[k];
          if (u < 0) {
            action = k;
            break;
          }
        }
        if (expert) action = env.actions[row];
        this.actions[t * rows + row] = action;
        this.logProbs[t * rows + row] = Math.log(probabilities[action] / total);
        env.actions[row] = action;
      }
      mark = performance.now();
      env.step(env.actions);
      timing.envMs += performance.now() - mark;
      const raw = this.rawRewards;
      if (this.config.rewardMode === "joint") {
        for (let e = 0; e < numEnvs; e++) {
          let sum = 0;
          for (let agent = 0; agent < env.numAgents; agent++) sum += env.rewards[agent * numEnvs + e];
          const mean = sum / env.numAgents;
          for (let agent = 0; agent < env.numAgents; agent++) raw[agent * numEnvs + e] = mean;
        }
      } else raw.set(env.rewards);
      const clip = this.config.rewardClip;
      if (clip > 0) for (let row = 0; row < rows; row++) raw[row] = raw[row] > clip ? clip : raw[row] < -clip ? -clip : raw[row];
      tally.add(env);
      this.parts.scaleRewards(raw, env.dones, numEnvs, this.rewards, t * rows);
      this.dones.set(env.dones, t * numEnvs);
    }
    this.recordInputs(this.config.rolloutSteps);
    return tally.means();
  }

  /** Keeps this rollout's inputs and the expert's actions (a warm start) for later imitation terms. */
  private keepDemonstrations(): void {
    const rows = this.rows;
    const numEnvs = this.env.numEnvs;
    const groupOfAgent = this.actors.groupOfAgent;
    this.demonstrations ??= new DemonstrationBuffer(this.actors.groups.length, this.inputWidth);
    for (let t = 0; t < this.config.rolloutSteps; t++) {
      const inputs = this.inputs.subarray(t * rows * this.inputWidth, (t + 1) * rows * this.inputWidth);
      this.demonstrations.append(inputs, this.actions.subarray(t * rows, (t + 1) * rows), rows, (row) => groupOfAgent[Math.floor(row / numEnvs)]);
    }
  }

  private recordInputs(t: number): void {
    writeActorInputs(this.env, this.inputs, t * this.rows * this.inputWidth);
    if (this.states.length > 0) this.states.set(this.env.states, t * this.env.numEnvs * this.env.stateSize);
  }

  /** Writes the critic input of rollout row (t, row) into `out` at `offset`. */
  private writeCriticRow(t: number, row: number, out: Float32Array, offset: number): void {
    const env = this.env;
    const inputBase = (t * this.rows + row) * this.inputWidth;
    const input = this.config.criticInput;
    if (input === "local") {
      out.set(this.inputs.subarray(inputBase, inputBase + this.inputWidth), offset);
      return;
    }
    const stateSize = env.stateSize;
    const stateBase = (t * env.numEnvs + (row % env.numEnvs)) * stateSize;
    out.set(this.states.subarray(stateBase, stateBase + stateSize), offset);
    if (input === "state") return;
    const observationSize = env.observationSize;
    out.set(this.inputs.subarray(inputBase + observationSize, inputBase + observationSize + ROLE_FEATURES), offset + stateSize);
    // The agent's own entries, then its messages: the forecast block between them is the state's already.
    const { forecastStart, messagesStart } = env.layout;
    const ownOffset = offset + stateSize + ROLE_FEATURES;
    out.set(this.inputs.subarray(inputBase + OBSERVATION_INDEX.ownStart, inputBase + forecastStart), ownOffset);
    out.set(this.inputs.subarray(inputBase + messagesStart, inputBase + observationSize), ownOffset + forecastStart - OBSERVATION_INDEX.ownStart);
  }

  /** Critic values of every rollout row and of the bootstrap step, in chunks of whole steps, group-major inside a chunk. */
  private computeValues(): void {
    const rows = this.rows;
    const width = this.criticWidth;
    const steps = this.config.rolloutSteps + 1;
    const groups = this.critic.groups;
    const numEnvs = this.env.numEnvs;
    const chunkSteps = Math.max(1, Math.min(steps, Math.floor(4_000_000 / (rows * width))));
    const buffer = new Float32Array(chunkSteps * rows * width);
    const rowsPerGroup = new Int32Array(groups.length);
    for (let first = 0; first < steps; first += chunkSteps) {
      const count = Math.min(chunkSteps, steps - first);
      let position = 0;
      groups.forEach((group, g) => {
        rowsPerGroup[g] = count * group.agentCount * numEnvs;
        for (let t = first; t < first + count; t++) {
          for (let row = group.firstAgent * numEnvs; row < (group.firstAgent + group.agentCount) * numEnvs; row++) {
            this.writeCriticRow(t, row, buffer, position * width);
            position++;
          }
        }
      });
      const valuesTensor = tf.tidy(() => this.critic.apply(tf.tensor2d(buffer.subarray(0, position * width), [position, width]), rowsPerGroup));
      const values = valuesTensor.dataSync();
      valuesTensor.dispose();
      position = 0;
      for (const group of groups) {
        for (let t = first; t < first + count; t++) {
          for (let row = group.firstAgent * numEnvs; row < (group.firstAgent + group.agentCount) * numEnvs; row++) {
            this.values[t * rows + row] = values[position++];
          }
        }
      }
    }
  }

  /**
   * Epochs of minibatch updates; returns the losses averaged over the minibatches. Imitating (an expert's rollout),
   * the actor's loss is the cross-entropy of the expert's actions instead of the surrogate; the critic learns the
   * expert's returns.
   */
  private update(timing: { envMs: number; networkMs: number }, imitate = false, imitationWeight = 0): TrainingDiagnostics {
    const config = this.config;
    const total = config.rolloutSteps * this.rows;
    const order = this.order;
    for (let i = 0; i < total; i++) order[i] = i;
    const means = new MinibatchMeans();
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      for (let i = total - 1; i > 0; i--) {
        const j = this.random.integer(i + 1);
        const swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      for (let batch = 0; batch < config.minibatches; batch++) {
        this.fillMinibatch(order, batch * this.batchSize);
        const mark = performance.now();
        const losses = this.gradientStep(imitate, imitationWeight);
        means.add(losses);
        tf.dispose(Object.values(losses));
        timing.networkMs += performance.now() - mark;
      }
    }
    const mark = performance.now();
    const losses = means.take();
    timing.networkMs += performance.now() - mark;
    return losses;
  }

  /** Copies minibatch rows `order[begin .. begin + batchSize)` into the batch buffers, sorted by actor group. */
  private fillMinibatch(order: Int32Array, begin: number): void {
    const size = this.batchSize;
    const numEnvs = this.env.numEnvs;
    const rows = this.rows;
    const groupOfAgent = this.actors.groupOfAgent;
    const counts = this.groupCounts.fill(0);
    for (let i = 0; i < size; i++) counts[groupOfAgent[Math.floor((order[begin + i] % rows) / numEnvs)]]++;
    // Counting sort by group: each group's rows contiguous, in group order.
    const starts = this.groupStarts.fill(0);
    for (let g = 1; g < counts.length; g++) starts[g] = starts[g - 1] + counts[g - 1];
    for (let i = 0; i < size; i++) {
      const index = order[begin + i];
      const g = groupOfAgent[Math.floor((index % rows) / numEnvs)];
      this.batchIndices[starts[g]++] = index;
    }
    const width = this.inputWidth;
    const numActions = this.numActions;
    this.batchMask.fill(0);
    for (let i = 0; i < size; i++) {
      const index = this.batchIndices[i];
      const t = Math.floor(index / rows);
      const row = index % rows;
      this.batchInputs.set(this.inputs.subarray(index * width, (index + 1) * width), i * width);
      this.writeCriticRow(t, row, this.batchCritic, i * this.criticWidth);
      this.batchMask[i * numActions + this.actions[index]] = 1;
      this.batchLogProbs[i] = this.logProbs[index];
      this.batchAdvantages[i] = this.advantages[index];
      this.batchReturns[i] = this.returns[index];
      this.batchValues[i] = this.values[index];
    }
    if (this.config.normalizeAdvantages) {
      let mean = 0;
      for (let i = 0; i < size; i++) mean += this.batchAdvantages[i];
      mean /= size;
      let variance = 0;
      for (let i = 0; i < size; i++) variance += (this.batchAdvantages[i] - mean) ** 2;
      const std = Math.sqrt(variance / Math.max(size - 1, 1)) + 1e-8;
      for (let i = 0; i < size; i++) this.batchAdvantages[i] = (this.batchAdvantages[i] - mean) / std;
    }
  }

  /** One gradient step of actor and critic on the filled minibatch; returns its losses and PPO's diagnostics (the caller disposes them). */
  private gradientStep(imitate: boolean, imitationWeight: number): Partial<Record<DiagnosticName, tf.Tensor>> {
    const config = this.config;
    const size = this.batchSize;
    const kept: Partial<Record<DiagnosticName, tf.Tensor>> = {};
    const demo = imitationWeight > 0 ? this.demonstrationBatch() : undefined;
    const actorRows = Array.from(this.groupCounts);
    const criticRows = this.critic.groups.length === 1 ? [size] : actorRows;
    tf.tidy(() => {
      const inputs = tf.tensor2d(this.batchInputs, [size, this.inputWidth]);
      const criticInputs = tf.tensor2d(this.batchCritic, [size, this.criticWidth]);
      const mask = tf.tensor2d(this.batchMask, [size, this.numActions]);
      const oldLogProbs = tf.tensor1d(this.batchLogProbs);
      const advantages = tf.tensor1d(this.batchAdvantages);
      const returns = tf.tensor1d(this.batchReturns);
      const oldValues = tf.tensor1d(this.batchValues);
      const actorVariables = this.actors.variables;
      const criticVariables = this.critic.variables;
      const { grads } = tf.variableGrads(() => {
        const logits = this.actors.apply(inputs, actorRows);
        const floor = config.explorationFloor;
        const logAll = floor > 0 ? tf.log(tf.add(tf.mul(tf.softmax(logits), 1 - floor), floor / this.numActions)) : tf.logSoftmax(logits);
        const logProbs = tf.sum(tf.mul(logAll, mask), 1);
        const logRatio = tf.sub(logProbs, oldLogProbs);
        const ratio = tf.exp(logRatio);
        let surrogate = tf.mul(ratio, advantages);
        if (config.clipRange > 0) {
          surrogate = tf.minimum(surrogate, tf.mul(tf.clipByValue(ratio, 1 - config.clipRange, 1 + config.clipRange), advantages));
        }
        const policyLoss = tf.neg(tf.mean(imitate ? logProbs : surrogate));
        const entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logAll), logAll), 1)));
        const values = tf.reshape(this.critic.apply(criticInputs, criticRows), [-1]);
        let valueLoss = tf.square(tf.sub(values, returns));
        if (config.valueClipRange > 0) {
          const clipped = tf.add(oldValues, tf.clipByValue(tf.sub(values, oldValues), -config.valueClipRange, config.valueClipRange));
          valueLoss = tf.maximum(valueLoss, tf.square(tf.sub(clipped, returns)));
        }
        const meanValueLoss = tf.mul(tf.mean(valueLoss), 0.5);
        // The demonstrations' cross-entropy, weighted (DAPG's decaying imitation term), when a warm start kept them.
        const imitation = demo
          ? tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(this.actors.apply(tf.tensor2d(demo.inputs, [size, this.inputWidth]), demo.rowsPerGroup)), tf.tensor2d(demo.mask, [size, this.numActions])), 1)))
          : undefined;
        kept["losses/policy_loss"] = tf.keep(policyLoss);
        kept["losses/value_loss"] = tf.keep(meanValueLoss);
        kept["losses/entropy"] = tf.keep(entropy);
        // CleanRL's approx_kl ((ratio - 1) - log ratio) and clipfrac (the share of ratios outside the clip range).
        kept["losses/approx_kl"] = tf.keep(tf.mean(tf.sub(tf.sub(ratio, 1), logRatio)));
        kept["losses/clipfrac"] = tf.keep(config.clipRange > 0 ? tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), config.clipRange), "float32")) : tf.scalar(0));
        if (imitation) kept["losses/imitation_loss"] = tf.keep(imitation);
        // Actor and critic parameters are disjoint: the gradient of the sum gives each its own loss's gradient.
        const loss = tf.add(tf.sub(policyLoss, tf.mul(entropy, config.entropyCoefficient)), meanValueLoss);
        return (imitation ? tf.add(loss, tf.mul(imitation, imitationWeight)) : loss) as tf.Scalar;
      }, [...actorVariables, ...criticVariables]);
      const actorGrads: Record<string, tf.Tensor> = {};
      for (const variable of actorVariables) actorGrads[variable.name] = grads[variable.name];
      const criticGrads: Record<string, tf.Tensor> = {};
      for (const variable of criticVariables) criticGrads[variable.name] = grads[variable.name];
      this.actorOptimizer.applyGradients(config.maxGradNorm > 0 ? clipGradientsByGlobalNorm(actorGrads, config.maxGradNorm) : actorGrads);
      this.criticOptimizer.applyGradients(config.maxGradNorm > 0 ? clipGradientsByGlobalNorm(criticGrads, config.maxGradNorm) : criticGrads);
    });
    return kept;
  }

  /** A minibatch of kept demonstrations (as many rows as a rollout minibatch), ordered by actor group. */
  private demonstrationBatch(): { inputs: Float32Array; mask: Float32Array; rowsPerGroup: number[] } | undefined {
    if (!this.demonstrations || this.demonstrations.size === 0) return undefined;
    this.batchDemoInputs ??= new Float32Array(this.batchSize * this.inputWidth);
    this.batchDemoMask ??= new Float32Array(this.batchSize * this.numActions);
    const rowsPerGroup = this.demonstrations.sample(this.batchSize, this.random, this.batchDemoInputs, this.batchDemoMask, this.numActions);
    return { inputs: this.batchDemoInputs, mask: this.batchDemoMask, rowsPerGroup };
  }

  policy(): ActorPolicy {
    return new ActorPolicy(this.algorithm, this.actors, "logits", false);
  }

  actorSpec(): ActorSpec {
    return { network: "actor", sharing: this.config.sharing, hiddenSizes: [...this.config.hiddenSizes], output: "logits" };
  }

  state(): TrainerState {
    return this.parts.state(this);
  }

  restore(state: TrainerState): void {
    ({ envSteps: this.envSteps, iterations: this.iterations } = this.parts.restore(state));
  }

  dispose(): void {
    this.parts.dispose();
  }
}

/** Defines an actor-critic plug-in from its name, description, flags and defaults. */
export function actorCriticAlgorithm(
  name: string,
  description: string,
  defaults: Partial<ActorCriticConfig>,
): AlgorithmDefinition<ActorCriticConfig> {
  const schema = actorCriticSchema(defaults);
  const criticInput = defaults.criticInput ?? PPO_DEFAULTS.criticInput;
  return {
    name,
    description,
    flags: { onPolicy: true, discreteActions: true, continuousActions: false, centralisedCritic: criticInput !== "local" },
    configSchema: schema,
    createTrainer: (setup, config) => new ActorCriticTrainer(name, setup, config),
  };
}
