import { describe, expect, it } from "vitest";
import { computeGae } from "./gae.js";

/** GAE by its definition: advantage_t = sum_k (gamma lambda)^k delta_{t+k}, stopping at an episode end. */
function gaeByDefinition(rewards: number[], values: number[], dones: number[], gamma: number, lambda: number): number[] {
  const steps = rewards.length;
  return rewards.map((_, t) => {
    let total = 0;
    let weight = 1;
    for (let k = t; k < steps; k++) {
      const next = dones[k] ? 0 : values[k + 1];
      total += weight * (rewards[k] + gamma * next - values[k]);
      if (dones[k]) break;
      weight *= gamma * lambda;
    }
    return total;
  });
}

describe("computeGae", () => {
  it("matches the definition per row, with episode ends", () => {
    const steps = 7;
    const numEnvs = 2;
    const rows = 4; // 2 agents x 2 envs, agent-major
    const rewards = Float32Array.from({ length: steps * rows }, (_, i) => Math.sin(i * 1.3));
    const values = Float32Array.from({ length: (steps + 1) * rows }, (_, i) => Math.cos(i * 0.7));
    const dones = new Uint8Array(steps * numEnvs);
    dones[2 * numEnvs + 0] = 1;
    dones[4 * numEnvs + 1] = 1;
    const advantages = new Float32Array(steps * rows);
    const returns = new Float32Array(steps * rows);
    computeGae(rewards, values, dones, steps, rows, numEnvs, 0.9, 0.8, advantages, returns);
    for (let row = 0; row < rows; row++) {
      const env = row % numEnvs;
      const expected = gaeByDefinition(
        Array.from({ length: steps }, (_, t) => rewards[t * rows + row]),
        Array.from({ length: steps + 1 }, (_, t) => values[t * rows + row]),
        Array.from({ length: steps }, (_, t) => dones[t * numEnvs + env]),
        0.9,
        0.8,
      );
      for (let t = 0; t < steps; t++) {
        expect(advantages[t * rows + row]).toBeCloseTo(expected[t], 5);
        expect(returns[t * rows + row]).toBeCloseTo(expected[t] + values[t * rows + row], 5);
      }
    }
  });

  it("with lambda 1 and an episode end at the last step gives discounted returns minus values", () => {
    const rewards = Float32Array.from([1, 2, 3]);
    const values = Float32Array.from([0.5, 0.25, 0.125, 99]);
    const dones = Uint8Array.from([0, 0, 1]);
    const advantages = new Float32Array(3);
    const returns = new Float32Array(3);
    computeGae(rewards, values, dones, 3, 1, 1, 0.5, 1, advantages, returns);
    expect(Array.from(returns)).toEqual([1 + 0.5 * 2 + 0.25 * 3, 2 + 0.5 * 3, 3]);
  });
});
