import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type GridConfigInput, Sfc32 } from "@grid/env";
import { ActorPolicy } from "./actor-policy.js";
import type { ActorSpec, Trainer, TrainerState, TrainingSetup } from "./algorithm.js";
import { createTrainer } from "./algorithm.js";
import { type AgentShape, buildActors } from "./actors.js";
import type { BackendName } from "./backend.js";
import type { ReturnNormalizerState } from "./normalizer.js";
import type { TrainingRecipe } from "./recipe.js";
import type { AdamState } from "./optimizer-state.js";

/** Format tag of `checkpoint.json`. */
export const CHECKPOINT_FORMAT = "grid-algos-checkpoint/1";

/** What `checkpoint.json` holds (weights are in `weights.bin`, little-endian float32, at the listed offsets). */
export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  /** Registry name of the algorithm. */
  algorithm: string;
  /** The validated algorithm configuration. */
  config: Record<string, unknown>;
  /** The environment configuration trained on (the scenario's plus the recipe's action levels and training fields). */
  envConfig: GridConfigInput;
  /** The recipe trained with (absent in checkpoints written before recipes: the raw recipe). */
  recipe?: TrainingRecipe;
  /** Scenario name, when training ran on a registered scenario. */
  scenario?: string;
  /** Backend the weights were trained on. */
  backend: BackendName;
  /** Training seed. */
  seed: number;
  envSteps: number;
  iterations: number;
  /** Agent counts and sizes the networks were built for. */
  shape: AgentShape;
  /** How to rebuild the actor alone. */
  actor: ActorSpec;
  normalizer?: ReturnNormalizerState;
  /** Each network set: per group, per variable, [offset, length] in floats into weights.bin. */
  networks: Record<string, [number, number][][]>;
  /** Each optimiser's Adam step count and bias corrections; its moments are in weights.bin at the listed [offset, length]. */
  optimizers?: Record<string, { iterations: number; accBeta1: number; accBeta2: number; firstMoments: [number, number][]; secondMoments: [number, number][] }>;
  /** When the checkpoint was written (ISO 8601). */
  savedAt: string;
}

/** Metadata {@link saveCheckpoint} needs besides the trainer. */
export interface CheckpointInfo {
  envConfig: GridConfigInput;
  recipe?: TrainingRecipe;
  scenario?: string;
  backend: BackendName;
  seed: number;
  shape: AgentShape;
}

/**
 * Writes a checkpoint directory (`checkpoint.json` + `weights.bin`) atomically: everything goes to a temporary
 * sibling directory that is then renamed over `directory`, so a crash never leaves a half-written checkpoint.
 * It swaps a whole folder (two files that must change together), so it stays apart from `@grid/profiles`'
 * `writeFileAtomic`, which every writer of a single file uses.
 */
export function saveCheckpoint(directory: string, trainer: Trainer, info: CheckpointInfo): CheckpointManifest {
  const target = resolve(directory);
  const state = trainer.state();
  const chunks: Float32Array[] = [];
  let offset = 0;
  const place = (values: Float32Array): [number, number] => {
    chunks.push(values);
    const entry: [number, number] = [offset, values.length];
    offset += values.length;
    return entry;
  };
  const networks: Record<string, [number, number][][]> = {};
  for (const [name, groups] of Object.entries(state.networks)) networks[name] = groups.map((variables) => variables.map(place));
  const optimizers: NonNullable<CheckpointManifest["optimizers"]> = {};
  for (const [name, adam] of Object.entries(state.optimizers ?? {})) {
    optimizers[name] = {
      iterations: adam.iterations,
      accBeta1: adam.accBeta1,
      accBeta2: adam.accBeta2,
      firstMoments: adam.firstMoments.map(place),
      secondMoments: adam.secondMoments.map(place),
    };
  }
  const weights = new Float32Array(offset);
  let position = 0;
  for (const chunk of chunks) {
    weights.set(chunk, position);
    position += chunk.length;
  }
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    algorithm: trainer.algorithm,
    config: trainer.config,
    envConfig: info.envConfig,
    recipe: info.recipe,
    scenario: info.scenario,
    backend: info.backend,
    seed: info.seed,
    envSteps: state.envSteps,
    iterations: state.iterations,
    shape: info.shape,
    actor: trainer.actorSpec(),
    normalizer: state.normalizer,
    networks,
    optimizers: state.optimizers ? optimizers : undefined,
    savedAt: new Date().toISOString(),
  };
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.partial-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary);
  writeFileSync(join(temporary, "weights.bin"), new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  writeFileSync(join(temporary, "checkpoint.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  if (existsSync(target)) {
    const previous = `${target}.previous-${process.pid}`;
    rmSync(previous, { recursive: true, force: true });
    renameSync(target, previous);
    renameSync(temporary, target);
    rmSync(previous, { recursive: true, force: true });
  } else renameSync(temporary, target);
  return manifest;
}

/** Reads a checkpoint directory; throws naming the file and what is wrong. */
export function readCheckpoint(directory: string): { manifest: CheckpointManifest; state: TrainerState } {
  const manifestPath = join(directory, "checkpoint.json");
  const weightsPath = join(directory, "weights.bin");
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath}: not found; a checkpoint directory holds checkpoint.json and weights.bin (written by grid train --out)`);
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as CheckpointManifest;
  } catch (error) {
    throw new Error(`${manifestPath}: not valid JSON (${(error as Error).message})`);
  }
  if (manifest.format !== CHECKPOINT_FORMAT) throw new Error(`${manifestPath}: format "${manifest.format}"; expected "${CHECKPOINT_FORMAT}"`);
  const bytes = readFileSync(weightsPath);
  if (bytes.byteLength % 4 !== 0) throw new Error(`${weightsPath}: ${bytes.byteLength} bytes is not a whole number of float32 values`);
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const slice = (what: string, [offset, length]: [number, number]) => {
    if (offset + length > weights.length) {
      throw new Error(`${weightsPath}: ${what} needs floats ${offset}..${offset + length}; the file holds ${weights.length}`);
    }
    return weights.slice(offset, offset + length);
  };
  const networks: Record<string, Float32Array[][]> = {};
  for (const [name, groups] of Object.entries(manifest.networks)) {
    networks[name] = groups.map((variables) => variables.map((entry) => slice(`network ${name}`, entry)));
  }
  let optimizers: Record<string, AdamState> | undefined;
  if (manifest.optimizers) {
    optimizers = {};
    for (const [name, adam] of Object.entries(manifest.optimizers)) {
      optimizers[name] = {
        iterations: adam.iterations,
        accBeta1: adam.accBeta1,
        accBeta2: adam.accBeta2,
        firstMoments: adam.firstMoments.map((entry) => slice(`optimizer ${name}`, entry)),
        secondMoments: adam.secondMoments.map((entry) => slice(`optimizer ${name}`, entry)),
      };
    }
  }
  return {
    manifest,
    state: { networks, normalizer: manifest.normalizer, optimizers, envSteps: manifest.envSteps, iterations: manifest.iterations },
  };
}

/** A trained policy from a checkpoint, for evaluation (greedy actions). Dispose it when done. */
export function loadPolicy(directory: string): ActorPolicy {
  const { manifest, state } = readCheckpoint(directory);
  const spec = manifest.actor;
  const outputSize = spec.output === "logits" ? manifest.shape.numActions : 1;
  const actors = buildActors(manifest.shape, { hiddenSizes: spec.hiddenSizes, sharing: spec.sharing }, outputSize, new Sfc32(0));
  try {
    actors.writeWeights(state.networks[spec.network]);
  } catch (error) {
    actors.dispose();
    throw new Error(`${join(directory, "weights.bin")}: ${(error as Error).message}`);
  }
  return new ActorPolicy(manifest.algorithm, actors, spec.output);
}

/** A trainer restored from a checkpoint (its directory, or the checkpoint already read), to continue training (weights, normaliser and Adam state restored). */
export function resumeTrainer(
  directory: string | ReturnType<typeof readCheckpoint>,
  setup: TrainingSetup,
): { trainer: Trainer; manifest: CheckpointManifest } {
  const { manifest, state } = typeof directory === "string" ? readCheckpoint(directory) : directory;
  const trainer = createTrainer(manifest.algorithm, { ...setup, envConfig: manifest.envConfig }, manifest.config);
  trainer.restore(state);
  return { trainer, manifest };
}
