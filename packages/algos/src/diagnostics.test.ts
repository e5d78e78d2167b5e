import { describe, expect, it } from "vitest";
import { explainedVariance, MinibatchMeans, StepsPerSecond } from "./diagnostics.js";
import { tf } from "./tensorflow.js";

describe("training diagnostics", () => {
  it("averages minibatch scalars on the device and releases its sums", () => {
    const means = new MinibatchMeans();
    const before = tf.memory().numTensors;
    for (const [value, kl] of [
      [1, 0.1],
      [2, 0.2],
      [6, 0.6],
    ]) {
      const given = { "losses/value_loss": tf.scalar(value), "losses/approx_kl": tf.scalar(kl) };
      means.add(given);
      tf.dispose(Object.values(given));
    }
    means.add({ "losses/imitation_loss": tf.scalar(5) });
    const taken = means.take();
    expect(taken["losses/value_loss"]).toBeCloseTo(3, 6);
    expect(taken["losses/approx_kl"]).toBeCloseTo(0.3, 6);
    expect(taken["losses/imitation_loss"]).toBe(5);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 1); // the one imitation scalar left undisposed above
    expect(means.take()).toEqual({});
  });

  it("computes CleanRL's explained variance: 1 for exact values, 0 for the mean, NaN for constant returns", () => {
    const returns = [1, 2, 3, 4];
    expect(explainedVariance(returns, returns, 4)).toBe(1);
    expect(explainedVariance([2.5, 2.5, 2.5, 2.5], returns, 4)).toBe(0);
    // A plain loop of 1 - Var(y - v) / Var(y) over the first three entries only.
    const values = [1.5, 1, 3.5, 100];
    const residuals = [-0.5, 1, -0.5];
    const variance = (list: number[]) => list.reduce((sum, x) => sum + (x - list.reduce((a, b) => a + b) / list.length) ** 2, 0) / list.length;
    expect(explainedVariance(values, returns, 3)).toBeCloseTo(1 - variance(residuals) / variance([1, 2, 3]), 12);
    expect(explainedVariance([0, 1], [2, 2], 2)).toBeNaN();
  });

  it("counts env-steps per second over every iteration so far", () => {
    const rate = new StepsPerSecond();
    expect(rate.record(1000, 500)).toBe(2000);
    expect(rate.record(3000, 500)).toBe(4000);
  });
});
