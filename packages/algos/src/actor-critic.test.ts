import { generateSyntheticProfiles } from "@grid/profiles";
import { describe, expect, it } from "vitest";
import { createTrainer } from "./algorithm.js";
import { registerBuiltinAlgorithms } from "./algorithms.js";
import { selectBackend } from "./backend.js";

registerBuiltinAlgorithms();
const profiles = generateSyntheticProfiles({ days: 3 });
const setup = { profiles, envConfig: { actionLevels: 5 }, trainStartSteps: Int32Array.from({ length: 96 }, (_, i) => i), seed: 3 };
const SMALL = { numEnvs: 4, rolloutSteps: 12, minibatches: 2, epochs: 2, hiddenSizes: [16] };
/** The rollout buffers the options act on (private fields, read for the test). */
type Buffers = { logProbs: Float32Array; rewards: Float32Array };

describe("actor-critic options", () => {
  it("explorationFloor keeps every level's sampling probability between floor / levels and 1 - floor + floor / levels", async () => {
    await selectBackend("cpu");
    // Large logits: without the floor some levels would be sampled with probability near 0.
    const trainer = createTrainer("ippo", setup, { ...SMALL, explorationFloor: 0.25, actorLearningRate: 0.5 });
    const unfloored = createTrainer("ippo", setup, { ...SMALL, actorLearningRate: 0.5 });
    try {
      for (let i = 0; i < 4; i++) {
        trainer.iterate();
        unfloored.iterate();
      }
      const { logProbs } = trainer as unknown as Buffers;
      expect(Math.min(...logProbs)).toBeGreaterThanOrEqual(Math.log(0.25 / 5) - 1e-5);
      expect(Math.max(...logProbs)).toBeLessThanOrEqual(Math.log(1 - 0.25 + 0.25 / 5) + 1e-5);
      // Without the floor the same updates make the policy (nearly) deterministic: sampled levels have probability ~1.
      expect(Math.max(...(unfloored as unknown as Buffers).logProbs)).toBeGreaterThan(Math.log(1 - 0.25 + 0.25 / 5));
    } finally {
      trainer.dispose();
      unfloored.dispose();
    }
  });

  it("rewardClip bounds every reward the update sees", async () => {
    await selectBackend("cpu");
    const clipped = createTrainer("ippo", setup, { ...SMALL, rewardClip: 0.002, normalizeRewards: false });
    const plain = createTrainer("ippo", setup, { ...SMALL, normalizeRewards: false });
    try {
      clipped.iterate();
      plain.iterate();
      const largest = (trainer: unknown) => Math.max(...Array.from((trainer as Buffers).rewards, Math.abs));
      expect(largest(clipped)).toBeLessThanOrEqual(0.002 + 1e-9);
      expect(largest(plain)).toBeGreaterThan(0.002);
    } finally {
      clipped.dispose();
      plain.dispose();
    }
  });
});
