import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VecGridEnv } from "@grid/env";
import { generateSyntheticProfiles } from "@grid/profiles";
import { afterAll, describe, expect, it } from "vitest";
import { createTrainer, listAlgorithms } from "./algorithm.js";
import { registerBuiltinAlgorithms } from "./algorithms.js";
import { agentShapeOf } from "./actors.js";
import { availableBackends, selectBackend } from "./backend.js";
import { loadPolicy, readCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { tf } from "./tensorflow.js";
import { banditProblem } from "./testing.js";

registerBuiltinAlgorithms();

/** Small settings so every algorithm's update runs in well under a second. */
const SMALL: Record<string, Record<string, unknown>> = {
  "ac-ctde": { numEnvs: 2, rolloutSteps: 12, hiddenSizes: [16] },
  ippo: { numEnvs: 4, rolloutSteps: 12, minibatches: 2, epochs: 2, hiddenSizes: [16] },
  mappo: { numEnvs: 4, rolloutSteps: 12, minibatches: 2, epochs: 2, hiddenSizes: [16] },
  maddpg: { numEnvs: 4, stepsPerIteration: 8, learningStarts: 16, batchSize: 16, updateEvery: 1, replayCapacity: 500, hiddenSizes: [16] },
};

/** Bandit settings: enough updates to find the optimum quickly. */
const BANDIT: Record<string, Record<string, unknown>> = {
  "ac-ctde": { numEnvs: 64, rolloutSteps: 1, actorLearningRate: 1e-2, criticLearningRate: 1e-2, hiddenSizes: [16] },
  ippo: { numEnvs: 64, rolloutSteps: 4, minibatches: 2, epochs: 4, actorLearningRate: 1e-2, criticLearningRate: 1e-2, hiddenSizes: [16] },
  mappo: { numEnvs: 64, rolloutSteps: 4, minibatches: 2, epochs: 4, actorLearningRate: 1e-2, criticLearningRate: 1e-2, hiddenSizes: [16] },
  maddpg: { numEnvs: 32, stepsPerIteration: 4, learningStarts: 64, batchSize: 64, updateEvery: 1, replayCapacity: 2000, actorLearningRate: 1e-2, criticLearningRate: 1e-2, explorationNoise: 0.5, hiddenSizes: [16] },
};

const profiles = generateSyntheticProfiles({ days: 3 });
const setup = (seed: number) => ({ profiles, envConfig: {}, trainStartSteps: Int32Array.from({ length: 96 }, (_, i) => i), seed });
const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** Greedy actions of a policy on a fresh environment's first observation. */
function greedyActions(policy: { act(env: VecGridEnv, actions: Float32Array): void }, numEnvs = 3): number[] {
  const env = new VecGridEnv({ profiles, numEnvs, seed: 5 });
  const actions = new Float32Array(env.numAgents * numEnvs);
  policy.act(env, actions);
  return Array.from(actions);
}

const backends = await availableBackends();

describe("the algorithm registry", () => {
  it("holds the four algorithms with their flags", () => {
    const names = listAlgorithms().map((definition) => definition.name);
    expect(names).toEqual(["ac-ctde", "ippo", "mappo", "maddpg"]);
    const flags = Object.fromEntries(listAlgorithms().map((definition) => [definition.name, definition.flags]));
    expect(flags.ippo.centralisedCritic).toBe(false);
    expect(flags.mappo.centralisedCritic).toBe(true);
    expect(flags.maddpg.onPolicy).toBe(false);
    expect(flags.maddpg.continuousActions).toBe(true);
  });

  it("rejects an unknown configuration field by its path", () => {
    expect(() => createTrainer("ippo", setup(0), { epochz: 3 })).toThrow(/ippo/);
    expect(() => createTrainer("ippo", setup(0), { clipRange: -1 })).toThrow(/ippo\.clipRange/);
  });
});

for (const definition of listAlgorithms()) {
  const name = definition.name;
  describe(name, () => {
    it.each(backends)("updates on the %s backend without leaking tensors", async (backend) => {
      await selectBackend(backend);
      const trainer = createTrainer(name, setup(1), SMALL[name]);
      try {
        const before = trainer.state().networks.actor.flat().map((values) => Float32Array.from(values));
        trainer.iterate();
        trainer.iterate();
        const warm = tf.memory().numTensors;
        const stats = trainer.iterate();
        expect(tf.memory().numTensors).toBe(warm);
        expect(stats.envSteps).toBeGreaterThan(0);
        for (const value of Object.values(stats.diagnostics)) expect(Number.isFinite(value)).toBe(true);
        const after = trainer.state().networks.actor.flat();
        const changed = after.some((values, index) => values.some((value, k) => value !== before[index][k]));
        expect(changed).toBe(true);
      } finally {
        trainer.dispose();
      }
    });

    it("gives the same result for the same seed on the same backend, another for another seed", async () => {
      await selectBackend("cpu");
      const run = (seed: number) => {
        const trainer = createTrainer(name, setup(seed), SMALL[name]);
        for (let i = 0; i < 3; i++) trainer.iterate();
        const weights = trainer.state().networks.actor.flat();
        trainer.dispose();
        return weights;
      };
      const first = run(3);
      const second = run(3);
      const other = run(4);
      expect(second).toEqual(first);
      expect(other).not.toEqual(first);
    });

    it("round-trips a checkpoint to identical actions and resumable state", async () => {
      await selectBackend("cpu");
      const trainer = createTrainer(name, setup(2), SMALL[name]);
      try {
        for (let i = 0; i < 3; i++) trainer.iterate();
        const directory = mkdtempSync(join(tmpdir(), `grid-${name}-`));
        directories.push(directory);
        const target = join(directory, "checkpoint");
        saveCheckpoint(target, trainer, { envConfig: {}, backend: "cpu", seed: 2, shape: agentShapeOf(trainer.env) });
        // A second save replaces the first atomically.
        saveCheckpoint(target, trainer, { envConfig: {}, backend: "cpu", seed: 2, shape: agentShapeOf(trainer.env) });
        const loaded = loadPolicy(target);
        expect(greedyActions(loaded)).toEqual(greedyActions(trainer.policy()));
        loaded.dispose();
        // Resuming from the files restores weights, normaliser and the optimisers' Adam moments and step counts.
        const restored = createTrainer(name, setup(9), SMALL[name]);
        restored.restore(readCheckpoint(target).state);
        const saved = trainer.state();
        expect(restored.state().networks).toEqual(saved.networks);
        expect(restored.state().normalizer).toEqual(saved.normalizer);
        expect(saved.optimizers?.actor.iterations).toBeGreaterThan(0);
        expect(restored.state().optimizers).toEqual(saved.optimizers);
        restored.dispose();
      } finally {
        trainer.dispose();
      }
    });

    it("finds the optimum of a one-step bandit", async () => {
      await selectBackend(backends.includes("wasm") ? "wasm" : "cpu");
      const modes: ("discrete" | "continuous")[] = definition.flags.discreteActions ? ["discrete"] : ["continuous"];
      if (definition.flags.continuousActions && definition.flags.discreteActions) modes.push("continuous");
      for (const mode of modes) {
        const bandit = banditProblem(mode);
        const trainer = createTrainer(name, { profiles: bandit.profiles, envConfig: bandit.config, trainStartSteps: [0, 10, 20, 30], seed: 1 }, BANDIT[name]);
        try {
          for (let i = 0; i < 60; i++) trainer.iterate();
          const env = new VecGridEnv({ profiles: bandit.profiles, config: bandit.config, numEnvs: 1 });
          const actions = new Float32Array(env.numAgents);
          trainer.policy().act(env, actions);
          if (mode === "discrete") expect(Array.from(actions)).toEqual(bandit.optimalActions);
          else {
            bandit.optimalActions.forEach((optimal, agent) => {
              expect(actions[agent]).toBeCloseTo(optimal, 0);
            });
          }
        } finally {
          trainer.dispose();
        }
      }
    }, 60_000);
  });
}
