import { tf } from "./tensorflow.js";

/**
 * Scales a set of gradients so their global L2 norm is at most `maxNorm` (as torch's clip_grad_norm_), in-graph
 * (no download). Call inside `tf.tidy`.
 */
export function clipGradientsByGlobalNorm(grads: Record<string, tf.Tensor>, maxNorm: number): Record<string, tf.Tensor> {
  const tensors = Object.values(grads);
  const norm = tf.sqrt(tf.addN(tensors.map((grad) => tf.sum(tf.square(grad)))));
  const scale = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
  const clipped: Record<string, tf.Tensor> = {};
  for (const [name, grad] of Object.entries(grads)) clipped[name] = tf.mul(grad, scale);
  return clipped;
}
