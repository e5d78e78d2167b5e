import { tf } from "./tensorflow.js";

/**
 * CleanRL's diagnostics of a training iteration, by its names (`cleanrl/ppo.py`): each loss averaged over the
 * iteration's minibatches (gradient steps), the critic's explained variance of the rollout's returns, and env-steps
 * per second of training so far. The actor-critic family records all of them. MADDPG records `losses/value_loss`
 * (the critics' squared TD error), `losses/policy_loss` (the actors' -Q with its small pre-activation penalty) and
 * `charts/SPS`; the others do not apply to it: its actors are deterministic (no entropy), its update has no
 * probability ratio (no approx_kl, no clipfrac), and its critics fit replayed TD targets, not returns.
 * `losses/imitation_loss` is this framework's: the warm start's cross-entropy term, when it has one.
 */
export const DIAGNOSTIC_NAMES = [
  "losses/value_loss",
  "losses/policy_loss",
  "losses/entropy",
  "losses/approx_kl",
  "losses/clipfrac",
  "losses/explained_variance",
  "charts/SPS",
  "losses/imitation_loss",
] as const;

/** A diagnostic's name. */
export type DiagnosticName = (typeof DIAGNOSTIC_NAMES)[number];

/** An iteration's diagnostics: the ones that apply to the algorithm. */
export type TrainingDiagnostics = Partial<Record<DiagnosticName, number>>;

/**
 * Means over an iteration's minibatches of scalar loss tensors, summed on the device and downloaded once (one
 * small download per iteration, not one per minibatch). Dispose what `add` is given: it keeps its own sums.
 */
export class MinibatchMeans {
  private readonly sums = new Map<DiagnosticName, tf.Tensor>();
  private readonly counts = new Map<DiagnosticName, number>();

  /** Adds one minibatch's values (scalars); the caller disposes them. */
  add(values: Partial<Record<DiagnosticName, tf.Tensor>>): void {
    for (const [name, value] of Object.entries(values) as [DiagnosticName, tf.Tensor][]) {
      const sum = this.sums.get(name);
      this.sums.set(name, sum ? tf.tidy(() => tf.add(sum, value)) : tf.clone(value));
      sum?.dispose();
      this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    }
  }

  /** The means, downloaded, and the sums released (the object is empty again). */
  take(): TrainingDiagnostics {
    const means: TrainingDiagnostics = {};
    for (const [name, sum] of this.sums) means[name] = sum.dataSync()[0] / (this.counts.get(name) ?? 1);
    tf.dispose([...this.sums.values()]);
    this.sums.clear();
    this.counts.clear();
    return means;
  }
}

/** CleanRL's explained variance of `returns` by `values` (first `count` entries): 1 - Var(returns - values) / Var(returns). */
export function explainedVariance(values: ArrayLike<number>, returns: ArrayLike<number>, count: number): number {
  let meanReturn = 0;
  let meanResidual = 0;
  for (let i = 0; i < count; i++) {
    meanReturn += returns[i];
    meanResidual += returns[i] - values[i];
  }
  meanReturn /= count;
  meanResidual /= count;
  let returnVariance = 0;
  let residualVariance = 0;
  for (let i = 0; i < count; i++) {
    returnVariance += (returns[i] - meanReturn) ** 2;
    residualVariance += (returns[i] - values[i] - meanResidual) ** 2;
  }
  return returnVariance === 0 ? Number.NaN : 1 - residualVariance / returnVariance;
}

/** Env-steps per second over a trainer's iterations so far (CleanRL's `charts/SPS`: steps over wall time since start). */
export class StepsPerSecond {
  private envSteps = 0;
  private milliseconds = 0;

  /** Counts one iteration; returns the rate so far. */
  record(envSteps: number, milliseconds: number): number {
    this.envSteps += envSteps;
    this.milliseconds += milliseconds;
    return this.milliseconds > 0 ? (this.envSteps * 1000) / this.milliseconds : 0;
  }
}
