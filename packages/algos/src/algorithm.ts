import type { TrainingDiagnostics } from "./diagnostics.js";
import type { AdamState } from "./optimizer-state.js";
import { ConfigError, type GridConfigInput, type Policy, type VecGridEnv, zodProblems } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import type { z } from "zod";
import type { ReturnNormalizerState } from "./normalizer.js";
import type { TrainingRecipe, TrainingRecipeInput } from "./recipe.js";
import type { ScenarioFacts } from "./recipe-for.js";

/** What an algorithm supports. */
export interface AlgorithmFlags {
  /** Learns from the current policy's own rollouts (PPO family) rather than a replay buffer. */
  onPolicy: boolean;
  /** Works with the environment's discrete action levels. */
  discreteActions: boolean;
  /** Works with continuous actions in [-1, 1] (`actionMode: "continuous"`). */
  continuousActions: boolean;
  /** Its critic sees the global state (centralised training, decentralised execution). */
  centralisedCritic: boolean;
}

/** What a trainer is built from. */
export interface TrainingSetup {
  /** The exogenous series to train on. */
  profiles: ProfileTable;
  /** Environment configuration (the scenario's, possibly with a training reward structure on top). */
  envConfig: GridConfigInput;
  /** Profile steps where training episodes may start (the scenario's training days). */
  trainStartSteps: ArrayLike<number>;
  /** Seed of network initialisation, exploration, minibatch order and the training environment. */
  seed: number;
}

/** Figures of one training iteration (one rollout and its update, or a block of off-policy steps). */
export interface IterationStats {
  /** Environment steps (one step of every agent in one env) taken in this iteration. */
  envSteps: number;
  /** Mean reward per agent-step over the iteration (the environment's, not normalised). */
  meanReward: number;
  /** Mean of the team reward per env-step. */
  meanTeamReward: number;
  /** CleanRL's diagnostics of this iteration that apply to the algorithm (losses averaged over its minibatches, SPS). */
  diagnostics: TrainingDiagnostics;
  /** Wall time in the environment's `step`, ms. */
  envMs: number;
  /** Wall time in network forward passes, gradients and optimiser steps (including downloads), ms. */
  networkMs: number;
  /** Everything else (buffers, sampling, advantages), ms. */
  otherMs: number;
}

/** Everything a checkpoint stores of a trainer besides its configurations. */
export interface TrainerState {
  /** Each named network set's weights: [group][variable] values. */
  networks: Record<string, Float32Array[][]>;
  /** Reward normaliser state, when the algorithm scales rewards. */
  normalizer?: ReturnNormalizerState;
  /** Each optimiser's Adam state (moments and step count), so resumed training continues where it stopped. */
  optimizers?: Record<string, AdamState>;
  /** Environment steps trained so far. */
  envSteps: number;
  /** Iterations done so far. */
  iterations: number;
}

/** Options of one training iteration. */
export interface IterateOptions {
  /**
   * A policy whose actions replace the learner's in this iteration's experience, which the learner then imitates
   * (a warm start from demonstrations). A trainer that cannot learn from demonstrations throws.
   */
  expert?: Policy;
  /**
   * Weight of an imitation term on the demonstrations a warm start kept (0: none): the learner's loss adds this x
   * the cross-entropy of the kept expert actions, so fine-tuning does not wander far from them.
   */
  imitationWeight?: number;
}

/** A running training job of one algorithm. */
export interface Trainer {
  /** The algorithm's registry name. */
  readonly algorithm: string;
  /** The validated algorithm configuration. */
  readonly config: Record<string, unknown>;
  /** The training environment (vectorised, auto-reset, starts on training days). */
  readonly env: VecGridEnv;
  /** Environment steps trained so far. */
  readonly envSteps: number;
  /** Runs one iteration: collect experience, update the networks. */
  iterate(options?: IterateOptions): IterationStats;
  /** The greedy policy of the current networks (shares their weights: do not dispose it while training). */
  policy(): Policy;
  /** The actor description a checkpoint needs to rebuild the policy alone. */
  actorSpec(): ActorSpec;
  /** A copy of the learnable state. */
  state(): TrainerState;
  /** Overwrites the learnable state (resuming from a checkpoint). */
  restore(state: TrainerState): void;
  /** Releases every tensor. */
  dispose(): void;
}

/** What rebuilds a trained actor without its trainer. */
export interface ActorSpec {
  /** Network set name in {@link TrainerState.networks}. */
  network: string;
  sharing: "all" | "role" | "none";
  hiddenSizes: number[];
  /** Logits over discrete levels, or one tanh-squashed continuous action. */
  output: "logits" | "tanh";
}

/**
 * An algorithm plug-in: its configuration schema (every field documented where it is declared), what it
 * supports, and a factory. Register it with {@link registerAlgorithm}; the registry test then covers it.
 */
export interface AlgorithmDefinition<Config extends Record<string, unknown> = Record<string, unknown>> {
  /** Registry name (`ippo`), used by `grid train --algo`. */
  name: string;
  /** One line for listings. */
  description: string;
  flags: AlgorithmFlags;
  /** Zod schema of the configuration: defaults filled in, unknown fields rejected. */
  configSchema: z.ZodType<Config>;
  /** Builds a trainer; `config` has been validated by {@link parseAlgorithmConfig}. */
  createTrainer(setup: TrainingSetup, config: Config): Trainer;
  /**
   * How this algorithm adapts the recipe `recipeFor` derives from a scenario (absent: it trains with the derived
   * recipe as it is). Returns the recipe and a line per change saying why.
   */
  recipe?(derived: TrainingRecipe, facts: ScenarioFacts): { recipe: TrainingRecipeInput; reasons: string[] };
}

const algorithms = new Map<string, AlgorithmDefinition>();

/** Adds an algorithm to the registry (a name may be registered once). */
export function registerAlgorithm<Config extends Record<string, unknown>>(definition: AlgorithmDefinition<Config>): void {
  if (algorithms.has(definition.name)) throw new Error(`algorithm "${definition.name}" is already registered`);
  algorithms.set(definition.name, definition as unknown as AlgorithmDefinition);
}

/** A registered algorithm, or an error listing the known names. */
export function getAlgorithm(name: string): AlgorithmDefinition {
  const definition = algorithms.get(name);
  if (!definition) throw new Error(`unknown algorithm "${name}"; known: ${[...algorithms.keys()].join(", ")}`);
  return definition;
}

/** Every registered algorithm, in registration order. */
export function listAlgorithms(): AlgorithmDefinition[] {
  return [...algorithms.values()];
}

/**
 * Validates an algorithm configuration (partial: defaults fill the rest); throws {@link ConfigError} naming each
 * bad field as `<root>.<field>` (root: the algorithm's name) with what is accepted.
 */
export function parseAlgorithmConfig(definition: AlgorithmDefinition, input: unknown = {}, root = definition.name): Record<string, unknown> {
  const result = definition.configSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(zodProblems(result.error, root), `${definition.name} configuration`);
  return result.data;
}

/** Creates a trainer for a registered algorithm from a partial configuration. */
export function createTrainer(name: string, setup: TrainingSetup, config: unknown = {}): Trainer {
  const definition = getAlgorithm(name);
  return definition.createTrainer(setup, parseAlgorithmConfig(definition, config));
}
