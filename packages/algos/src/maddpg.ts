import { Sfc32, type VecGridEnv } from "@grid/env";
import { z } from "zod";
import { ActorPolicy } from "./actor-policy.js";
import type { ActorSpec, AlgorithmDefinition, IterateOptions, IterationStats, Trainer, TrainerState, TrainingSetup } from "./algorithm.js";
import { type AgentShape, actorInputSize, agentShapeOf, buildActors, NetworkSet, writeActorInputs } from "./actors.js";
import { MinibatchMeans, StepsPerSecond, type TrainingDiagnostics } from "./diagnostics.js";
import { clipGradientsByGlobalNorm } from "./gradients.js";
import { Mlp } from "./mlp.js";
import { publishedRecipe } from "./recipe.js";
import { tf } from "./tensorflow.js";
import { createTrainingEnv, LearnedParts, RewardTally } from "./trainer-parts.js";

const positive = z.number().finite().positive();
const fraction = z.number().finite().min(0).max(1);

/** MADDPG's configuration (Lowe et al. 2017), every field with its default. */
export const maddpgSchema = z
  .object({
    /** Environment copies stepped together. */
    numEnvs: z.number().int().min(1).default(16),
    /** Steps of every env per iteration (updates happen inside it). */
    stepsPerIteration: z.number().int().min(1).default(96),
    /** Replay buffer capacity, env-steps (each holds every agent's transition). */
    replayCapacity: z.number().int().min(1).default(50_000),
    /** Env-steps collected with the initial networks before updates start. */
    learningStarts: z.number().int().min(0).default(2_000),
    /** Env-steps sampled per gradient step (each gives one row per agent). */
    batchSize: z.number().int().min(1).default(256),
    /** Vector steps (one step of every env) between gradient steps. */
    updateEvery: z.number().int().min(1).default(2),
    /** Adam learning rate of the actors. */
    actorLearningRate: positive.default(5e-4),
    /** Adam learning rate of the critics. */
    criticLearningRate: positive.default(1e-3),
    /** Discount factor. */
    gamma: fraction.default(0.99),
    /** Polyak factor of the target networks per gradient step. */
    tau: fraction.default(0.01),
    /** Continuous actions: standard deviation of the Gaussian exploration noise, in action units. */
    explorationNoise: z.number().finite().min(0).default(0.2),
    /** Discrete actions: Gumbel-softmax temperature of the actor update. */
    gumbelTemperature: positive.default(1),
    /** Largest global gradient norm of actors and of critics (0: no clipping). */
    maxGradNorm: z.number().finite().min(0).default(1),
    /** Scale rewards by a running estimate of the return's spread, per agent role. */
    normalizeRewards: z.boolean().default(true),
    /** Hidden layer widths of actors and critics. */
    hiddenSizes: z.array(z.number().int().min(1)).min(1).default([64, 64]),
    /** Actor and critic parameter sharing: `all` (role input), `role`, or `none` (per agent). */
    sharing: z.enum(["all", "role", "none"]).default("all"),
  })
  .strict();

/** MADDPG's configuration. */
export type MaddpgConfig = z.output<typeof maddpgSchema>;

/**
 * MADDPG: deterministic actors on local observations (tanh actions in continuous mode; Gumbel-softmax relaxed
 * one-hot actions in discrete mode), a centralised critic per agent over the global state, every agent's action
 * and the agent's own observation (the other agents' observations are functions of the global state and their
 * actions), a replay buffer in typed arrays, target networks with Polyak averaging and exploration noise.
 * Critic inputs hold every agent's action, so their width grows with the number of agents.
 */
export class MaddpgTrainer implements Trainer {
  readonly algorithm = "maddpg";
  readonly env: VecGridEnv;
  readonly shape: AgentShape;
  readonly actors: NetworkSet;
  readonly critics: NetworkSet;
  private readonly targetActors: NetworkSet;
  private readonly targetCritics: NetworkSet;
  envSteps = 0;
  iterations = 0;
  private vectorSteps = 0;

  private readonly random: Sfc32;
  private readonly parts: LearnedParts;
  private readonly actorOptimizer: tf.Optimizer;
  private readonly criticOptimizer: tf.Optimizer;
  private readonly stepsPerSecond = new StepsPerSecond();
  /** The iteration's losses, summed on the device over its gradient steps. */
  private readonly losses = new MinibatchMeans();
  private readonly discrete: boolean;
  /** Entries per agent action in the joint action: numActions (one-hot) or 1. */
  private readonly actionWidth: number;
  private readonly inputWidth: number;
  private readonly criticWidth: number;
  // Replay buffer, [slot][...], slot = one env-step.
  private readonly replayInputs: Float32Array;
  private readonly replayNextInputs: Float32Array;
  private readonly replayStates: Float32Array;
  private readonly replayNextStates: Float32Array;
  private readonly replayJoint: Float32Array;
  private readonly replayRewards: Float32Array;
  private readonly replayDones: Uint8Array;
  private replaySize = 0;
  private replayHead = 0;
  // Step buffers.
  private readonly stepInputs: Float32Array;
  private readonly nextInputs: Float32Array;
  private readonly stepStates: Float32Array;
  private readonly stepJoint: Float32Array;
  private readonly scaledRewards: Float32Array;
  // Batch buffers.
  private readonly batchInputs: Float32Array;
  private readonly batchNextInputs: Float32Array;
  private readonly batchStates: Float32Array;
  private readonly batchNextStates: Float32Array;
  private readonly batchJoint: Float32Array;
  private readonly batchRewards: Float32Array;
  private readonly batchNotDone: Float32Array;
  private readonly batchNoise: Float32Array;
  private readonly ownActionMask: tf.Tensor2D;

  constructor(
    setup: TrainingSetup,
    readonly config: MaddpgConfig,
  ) {
    this.env = createTrainingEnv(setup, config.numEnvs);
    const env = this.env;
    this.parts = new LearnedParts(env, config);
    this.shape = agentShapeOf(env);
    this.random = new Sfc32(setup.seed * 7919 + 23);
    this.discrete = env.numActions > 0;
    this.actionWidth = this.discrete ? env.numActions : 1;
    this.inputWidth = actorInputSize(this.shape);
    const jointWidth = env.numAgents * this.actionWidth;
    this.criticWidth = env.stateSize + jointWidth + this.inputWidth;
    const outputSize = this.discrete ? env.numActions : 1;
    const parts = this.parts;
    this.actors = parts.network("actor", buildActors(this.shape, config, outputSize, this.random, this.discrete ? 0.01 : 0.1));
    this.targetActors = parts.network("targetActor", buildActors(this.shape, config, outputSize, this.random), { restoreFrom: ["targetActor", "actor"] });
    this.targetActors.softUpdateFrom(this.actors, 1);
    const buildCritic = () => new Mlp({ inputSize: this.criticWidth, hiddenSizes: config.hiddenSizes, outputSize: 1, outputScale: 1 }, this.random);
    this.critics = parts.network("critic", new NetworkSet(this.shape, config.sharing, buildCritic));
    this.targetCritics = parts.network("targetCritic", new NetworkSet(this.shape, config.sharing, buildCritic), { restoreFrom: ["targetCritic", "critic"] });
    this.targetCritics.softUpdateFrom(this.critics, 1);
    this.actorOptimizer = parts.optimizer("actor", tf.train.adam(config.actorLearningRate), this.actors);
    this.criticOptimizer = parts.optimizer("critic", tf.train.adam(config.criticLearningRate), this.critics);

    const rows = env.numAgents * env.numEnvs;
    const capacity = config.replayCapacity;
    const agentInputs = env.numAgents * this.inputWidth;
    this.replayInputs = new Float32Array(capacity * agentInputs);
    this.replayNextInputs = new Float32Array(capacity * agentInputs);
    this.replayStates = new Float32Array(capacity * env.stateSize);
    this.replayNextStates = new Float32Array(capacity * env.stateSize);
    this.replayJoint = new Float32Array(capacity * jointWidth);
    this.replayRewards = new Float32Array(capacity * env.numAgents);
    this.replayDones = new Uint8Array(capacity);
    this.stepInputs = new Float32Array(rows * this.inputWidth);
    this.nextInputs = new Float32Array(rows * this.inputWidth);
    this.stepStates = new Float32Array(env.numEnvs * env.stateSize);
    this.stepJoint = new Float32Array(env.numEnvs * jointWidth);
    this.scaledRewards = new Float32Array(rows);
    const batch = config.batchSize;
    this.batchInputs = new Float32Array(env.numAgents * batch * this.inputWidth);
    this.batchNextInputs = new Float32Array(env.numAgents * batch * this.inputWidth);
    this.batchStates = new Float32Array(batch * env.stateSize);
    this.batchNextStates = new Float32Array(batch * env.stateSize);
    this.batchJoint = new Float32Array(batch * jointWidth);
    this.batchRewards = new Float32Array(env.numAgents * batch);
    this.batchNotDone = new Float32Array(batch);
    this.batchNoise = new Float32Array(this.discrete ? env.numAgents * batch * env.numActions : 0);
    // Row (agent i, sample b) replaces agent i's slots of the joint action with its current policy's action.
    const mask = new Float32Array(env.numAgents * batch * jointWidth);
    for (let agent = 0; agent < env.numAgents; agent++) {
      for (let b = 0; b < batch; b++) {
        const base = (agent * batch + b) * jointWidth + agent * this.actionWidth;
        mask.fill(1, base, base + this.actionWidth);
      }
    }
    this.ownActionMask = parts.tensor(tf.tensor2d(mask, [env.numAgents * batch, jointWidth]));
  }

  iterate(options: IterateOptions = {}): IterationStats {
    if (options.expert) throw new Error("maddpg: warm starts from demonstrations are not supported (its replay is off-policy; drop the recipe's warmStart)");
    const started = performance.now();
    let envMs = 0;
    let networkMs = 0;
    const env = this.env;
    const numEnvs = env.numEnvs;
    const numAgents = env.numAgents;
    const rows = numAgents * numEnvs;
    const width = this.inputWidth;
    const rowsPerGroup = this.actors.rowsPerGroup(numEnvs);
    const tally = new RewardTally();
    for (let step = 0; step < this.config.stepsPerIteration; step++) {
      writeActorInputs(env, this.stepInputs);
      this.stepStates.set(env.states);
      let mark = performance.now();
      const outTensor = tf.tidy(() => this.actors.apply(tf.tensor2d(this.stepInputs, [rows, width]), rowsPerGroup));
      const out = outTensor.dataSync();
      outTensor.dispose();
      networkMs += performance.now() - mark;
      this.explore(out);
      mark = performance.now();
      env.step(env.actions);
      envMs += performance.now() - mark;
      tally.add(env);
      this.parts.scaleRewards(env.rewards, env.dones, numEnvs, this.scaledRewards, 0);
      this.store();
      this.vectorSteps++;
      this.envSteps += numEnvs;
      if (this.replaySize >= Math.max(this.config.learningStarts, this.config.batchSize) && this.vectorSteps % this.config.updateEvery === 0) {
        this.sampleBatch();
        mark = performance.now();
        this.gradientStep();
        networkMs += performance.now() - mark;
      }
    }
    this.iterations++;
    const envSteps = this.config.stepsPerIteration * numEnvs;
    let mark = performance.now();
    // Before learning starts there is no gradient step: the losses are absent, not zero.
    const diagnostics: TrainingDiagnostics = this.losses.take();
    networkMs += performance.now() - mark;
    mark = performance.now();
    diagnostics["charts/SPS"] = this.stepsPerSecond.record(envSteps, mark - started);
    return { envSteps, ...tally.means(), diagnostics, envMs, networkMs, otherMs: mark - started - envMs - networkMs };
  }

  /**
   * The exploring actions from the actors' outputs (one row per agent and env), into the environment's action buffer
   * and the step's joint action: discrete, a sample from each actor's softmax (the Gumbel-max trick); continuous,
   * the tanh of the output plus Gaussian noise, clipped to [-1, 1].
   */
  private explore(out: ArrayLike<number>): void {
    const env = this.env;
    const numEnvs = env.numEnvs;
    const actionWidth = this.actionWidth;
    const jointWidth = env.numAgents * actionWidth;
    this.stepJoint.fill(0);
    for (let row = 0; row < env.numAgents * numEnvs; row++) {
      const agent = Math.floor(row / numEnvs);
      const e = row % numEnvs;
      if (this.discrete) {
        let best = 0;
        let bestScore = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < actionWidth; k++) {
          const score = out[row * actionWidth + k] - Math.log(-Math.log(this.random.uniform() + 1e-20) + 1e-20);
          if (score > bestScore) {
            bestScore = score;
            best = k;
          }
        }
        env.actions[row] = best;
        this.stepJoint[e * jointWidth + agent * actionWidth + best] = 1;
      } else {
        const value = Math.tanh(out[row]) + this.config.explorationNoise * this.random.normal();
        const action = value > 1 ? 1 : value < -1 ? -1 : value;
        env.actions[row] = action;
        this.stepJoint[e * jointWidth + agent] = action;
      }
    }
  }

  /** Stores the last vector step's transitions (one per env) in the replay buffer. */
  private store(): void {
    const env = this.env;
    const numEnvs = env.numEnvs;
    const numAgents = env.numAgents;
    const width = this.inputWidth;
    const jointWidth = numAgents * this.actionWidth;
    const stateSize = env.stateSize;
    // Next inputs: after an auto-reset the env's observation is the next episode's first; done masks it out.
    const next = this.nextInputs;
    writeActorInputs(env, next);
    for (let e = 0; e < numEnvs; e++) {
      const slot = this.replayHead;
      for (let agent = 0; agent < numAgents; agent++) {
        const row = agent * numEnvs + e;
        this.replayInputs.set(this.stepInputs.subarray(row * width, (row + 1) * width), (slot * numAgents + agent) * width);
        this.replayNextInputs.set(next.subarray(row * width, (row + 1) * width), (slot * numAgents + agent) * width);
        this.replayRewards[slot * numAgents + agent] = this.scaledRewards[row];
      }
      this.replayStates.set(this.stepStates.subarray(e * stateSize, (e + 1) * stateSize), slot * stateSize);
      this.replayNextStates.set(env.states.subarray(e * stateSize, (e + 1) * stateSize), slot * stateSize);
      this.replayJoint.set(this.stepJoint.subarray(e * jointWidth, (e + 1) * jointWidth), slot * jointWidth);
      this.replayDones[slot] = env.dones[e];
      this.replayHead = (this.replayHead + 1) % this.config.replayCapacity;
      this.replaySize = Math.min(this.replaySize + 1, this.config.replayCapacity);
    }
  }

  /** Samples `batchSize` env-steps uniformly into the batch buffers (rows agent-major: agent * batch + sample). */
  private sampleBatch(): void {
    const batch = this.config.batchSize;
    const numAgents = this.env.numAgents;
    const width = this.inputWidth;
    const stateSize = this.env.stateSize;
    const jointWidth = numAgents * this.actionWidth;
    for (let b = 0; b < batch; b++) {
      const slot = this.random.integer(this.replaySize);
      for (let agent = 0; agent < numAgents; agent++) {
        const from = (slot * numAgents + agent) * width;
        const to = (agent * batch + b) * width;
        this.batchInputs.set(this.replayInputs.subarray(from, from + width), to);
        this.batchNextInputs.set(this.replayNextInputs.subarray(from, from + width), to);
        this.batchRewards[agent * batch + b] = this.replayRewards[slot * numAgents + agent];
      }
      this.batchStates.set(this.replayStates.subarray(slot * stateSize, (slot + 1) * stateSize), b * stateSize);
      this.batchNextStates.set(this.replayNextStates.subarray(slot * stateSize, (slot + 1) * stateSize), b * stateSize);
      this.batchJoint.set(this.replayJoint.subarray(slot * jointWidth, (slot + 1) * jointWidth), b * jointWidth);
      this.batchNotDone[b] = this.replayDones[slot] ? 0 : 1;
    }
    for (let i = 0; i < this.batchNoise.length; i++) this.batchNoise[i] = -Math.log(-Math.log(this.random.uniform() + 1e-20) + 1e-20);
  }

  /** Joint action [batch, numAgents * actionWidth] from per-row actions [numAgents * batch, actionWidth]. */
  private jointFromRows(actions: tf.Tensor2D, batch: number): tf.Tensor2D {
    const numAgents = this.env.numAgents;
    return tf.reshape(tf.transpose(tf.reshape(actions, [numAgents, batch, this.actionWidth]), [1, 0, 2]), [batch, numAgents * this.actionWidth]);
  }

  /** Actions of an actor set's output: relaxed one-hot (discrete, with Gumbel noise when given) or tanh. */
  private actionsFrom(output: tf.Tensor2D, noise: tf.Tensor2D | undefined): tf.Tensor2D {
    if (!this.discrete) return tf.tanh(output);
    const logits: tf.Tensor2D = noise ? tf.add(output, noise) : output;
    return tf.softmax(tf.div<tf.Tensor2D>(logits, this.config.gumbelTemperature));
  }

  private gradientStep(): void {
    const config = this.config;
    const batch = config.batchSize;
    const numAgents = this.env.numAgents;
    const rowsPerGroup = this.actors.rowsPerGroup(batch);
    const stateSize = this.env.stateSize;
    const jointWidth = numAgents * this.actionWidth;
    const losses = tf.tidy(() => {
      const inputs = tf.tensor2d(this.batchInputs, [numAgents * batch, this.inputWidth]);
      const nextInputs = tf.tensor2d(this.batchNextInputs, [numAgents * batch, this.inputWidth]);
      const states = tf.tile(tf.tensor2d(this.batchStates, [batch, stateSize]), [numAgents, 1]);
      const nextStates = tf.tile(tf.tensor2d(this.batchNextStates, [batch, stateSize]), [numAgents, 1]);
      const joint = tf.tile(tf.tensor2d(this.batchJoint, [batch, jointWidth]), [numAgents, 1]);
      const rewards = tf.tensor1d(this.batchRewards);
      const notDone = tf.tile(tf.tensor1d(this.batchNotDone), [numAgents]);
      const noise = this.discrete ? tf.tensor2d(this.batchNoise, [numAgents * batch, this.actionWidth]) : undefined;

      const nextActions = this.actionsFrom(this.targetActors.apply(nextInputs, rowsPerGroup), undefined);
      const nextJoint = tf.tile(this.jointFromRows(nextActions, batch), [numAgents, 1]);
      const nextQ = tf.reshape(this.targetCritics.apply(tf.concat([nextStates, nextJoint, nextInputs], 1), rowsPerGroup), [-1]);
      const target = tf.add(rewards, tf.mul(tf.mul(notDone, config.gamma), nextQ));

      const criticStep = tf.variableGrads(() => {
        const q = tf.reshape(this.critics.apply(tf.concat([states, joint, inputs], 1), rowsPerGroup), [-1]);
        return tf.mean(tf.square(tf.sub(q, target))) as tf.Scalar;
      }, this.critics.variables);
      this.criticOptimizer.applyGradients(config.maxGradNorm > 0 ? clipGradientsByGlobalNorm(criticStep.grads, config.maxGradNorm) : criticStep.grads);

      const actorStep = tf.variableGrads(() => {
        const output = this.actors.apply(inputs, rowsPerGroup);
        const own = this.actionsFrom(output, noise);
        const ownJoint = tf.tile(this.jointFromRows(own, batch), [numAgents, 1]);
        const mixed = tf.add<tf.Tensor2D>(tf.mul(joint, tf.sub(1, this.ownActionMask)), tf.mul(ownJoint, this.ownActionMask));
        const q = this.critics.apply(tf.concat([states, mixed, inputs], 1), rowsPerGroup);
        // A small penalty on pre-activations keeps tanh out of saturation / logits bounded (as the reference code).
        return tf.add(tf.neg(tf.mean(q)), tf.mul(tf.mean(tf.square(output)), 1e-3)) as tf.Scalar;
      }, this.actors.variables);
      this.actorOptimizer.applyGradients(config.maxGradNorm > 0 ? clipGradientsByGlobalNorm(actorStep.grads, config.maxGradNorm) : actorStep.grads);
      return { "losses/value_loss": criticStep.value, "losses/policy_loss": actorStep.value };
    });
    this.targetActors.softUpdateFrom(this.actors, config.tau);
    this.targetCritics.softUpdateFrom(this.critics, config.tau);
    this.losses.add(losses);
    tf.dispose(Object.values(losses));
  }

  policy(): ActorPolicy {
    return new ActorPolicy("maddpg", this.actors, this.discrete ? "logits" : "tanh", false);
  }

  actorSpec(): ActorSpec {
    return { network: "actor", sharing: this.config.sharing, hiddenSizes: [...this.config.hiddenSizes], output: this.discrete ? "logits" : "tanh" };
  }

  state(): TrainerState {
    return this.parts.state(this);
  }

  restore(state: TrainerState): void {
    ({ envSteps: this.envSteps, iterations: this.iterations } = this.parts.restore(state));
  }

  dispose(): void {
    this.losses.take();
    this.parts.dispose();
  }
}

/** The MADDPG plug-in. */
export const maddpgAlgorithm: AlgorithmDefinition<MaddpgConfig> = {
  name: "maddpg",
  description: "MADDPG: deterministic actors (Gumbel-softmax for discrete levels), centralised critics over state and all actions, replay, Polyak targets",
  flags: { onPolicy: false, discreteActions: true, continuousActions: true, centralisedCritic: true },
  configSchema: maddpgSchema,
  createTrainer: (setup, config) => new MaddpgTrainer(setup, config),
  recipe: publishedRecipe(60_000, "maddpg with its defaults (the derived reward aids are unmeasured for it)"),
};
