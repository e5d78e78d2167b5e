import { describe, expect, it } from "vitest";
import { selectBackend } from "./backend.js";
import { readAdamState, writeAdamState } from "./optimizer-state.js";
import { tf } from "./tensorflow.js";

describe("Adam state", () => {
  it("continues an optimisation exactly where a copied state left it, unlike a fresh optimiser", async () => {
    await selectBackend("cpu");
    const gradients = [
      [0.5, -1.0, 2.0],
      [0.1, 0.3, -0.7],
      [-0.4, 0.2, 0.9],
    ];
    const step = (optimizer: tf.Optimizer, variable: tf.Variable, values: number[]) =>
      tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.tensor1d(values) }));
    const original = tf.variable(tf.tensor1d([1, 2, 3]), true, "adam-test-original");
    const adam = tf.train.adam(0.1);
    step(adam, original, gradients[0]);
    step(adam, original, gradients[1]);
    const saved = readAdamState(adam);
    expect(saved.iterations).toBe(2);
    expect(saved.firstMoments).toHaveLength(1);

    const copy = tf.variable(original.clone(), true, "adam-test-copy");
    const resumed = tf.train.adam(0.1);
    writeAdamState(resumed, saved, [copy]);
    const fresh = tf.variable(original.clone(), true, "adam-test-fresh");
    const restarted = tf.train.adam(0.1);
    step(adam, original, gradients[2]);
    step(resumed, copy, gradients[2]);
    step(restarted, fresh, gradients[2]);
    expect(Array.from(copy.dataSync())).toEqual(Array.from(original.dataSync()));
    expect(Array.from(fresh.dataSync())).not.toEqual(Array.from(original.dataSync()));
    expect(readAdamState(resumed).iterations).toBe(3);
    expect(() => writeAdamState(resumed, { ...saved, firstMoments: [new Float32Array(2)], secondMoments: [new Float32Array(2)] }, [copy])).toThrow(
      /moment 0 has 2 values; variable adam-test-copy has 3/,
    );
    for (const disposable of [original, copy, fresh, adam, resumed, restarted]) disposable.dispose();
  });
});
