/** Saved state of a {@link ReturnNormalizer}. */
export interface ReturnNormalizerState {
  /** Running variance estimate of the discounted return, per group. */
  mean: number[];
  variance: number[];
  count: number[];
}

/**
 * Reward scaling by a running estimate of the discounted return's standard deviation (as Stable-Baselines'
 * VecNormalize and CleanRL's NormalizeReward): rewards are divided by it, not shifted. One estimate per group
 * (the agent roles: consumers, producer, operator have rewards of different scales).
 */
export class ReturnNormalizer {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly count: Float64Array;
  /** Discounted return of each row (agent x env) so far. */
  private readonly returns: Float64Array;
  private readonly batchSum: Float64Array;
  private readonly batchSquares: Float64Array;
  private readonly batchCounts: Float64Array;

  constructor(
    readonly groupOfRow: Int32Array,
    readonly groups: number,
    readonly gamma: number,
    /** Normalised rewards are clipped to +-this (10). */
    readonly clip = 10,
  ) {
    this.mean = new Float64Array(groups);
    this.variance = new Float64Array(groups).fill(1);
    this.count = new Float64Array(groups).fill(1e-4);
    this.returns = new Float64Array(groupOfRow.length);
    this.batchSum = new Float64Array(groups);
    this.batchSquares = new Float64Array(groups);
    this.batchCounts = new Float64Array(groups);
  }

  /**
   * Updates the statistics with one step's rewards and writes the scaled rewards to `out`. `rewards` and `out`
   * are per row; `dones[env]` says whether env's episode ended at this step (rows are agent-major: env = row % numEnvs).
   */
  normalize(rewards: ArrayLike<number>, dones: Uint8Array, numEnvs: number, out: Float32Array, outOffset: number): void {
    const rows = this.groupOfRow.length;
    const sum = this.batchSum.fill(0);
    const squares = this.batchSquares.fill(0);
    const counts = this.batchCounts.fill(0);
    for (let row = 0; row < rows; row++) {
      const value = this.returns[row] * this.gamma + rewards[row];
      this.returns[row] = dones[row % numEnvs] ? 0 : value;
      const group = this.groupOfRow[row];
      sum[group] += value;
      squares[group] += value * value;
      counts[group]++;
    }
    for (let group = 0; group < this.groups; group++) {
      if (counts[group] === 0) continue;
      const batchMean = sum[group] / counts[group];
      const batchVariance = Math.max(squares[group] / counts[group] - batchMean * batchMean, 0);
      const total = this.count[group] + counts[group];
      const delta = batchMean - this.mean[group];
      const newMean = this.mean[group] + (delta * counts[group]) / total;
      const m2 = this.variance[group] * this.count[group] + batchVariance * counts[group] + (delta * delta * this.count[group] * counts[group]) / total;
      this.mean[group] = newMean;
      this.variance[group] = m2 / total;
      this.count[group] = total;
    }
    for (let row = 0; row < rows; row++) {
      const scaled = rewards[row] / Math.sqrt(this.variance[this.groupOfRow[row]] + 1e-8);
      out[outOffset + row] = scaled > this.clip ? this.clip : scaled < -this.clip ? -this.clip : scaled;
    }
  }

  /** A normaliser with one group per agent role (consumers, producer, operator) over an environment's rows. */
  static byRole(env: { numAgents: number; numEnvs: number; numConsumers: number; producerIndex: number }, gamma: number): ReturnNormalizer {
    const rows = env.numAgents * env.numEnvs;
    const groupOfRow = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      const agent = Math.floor(row / env.numEnvs);
      groupOfRow[row] = agent < env.numConsumers ? 0 : agent === env.producerIndex ? 1 : 2;
    }
    return new ReturnNormalizer(groupOfRow, 3, gamma);
  }

  state(): ReturnNormalizerState {
    return { mean: Array.from(this.mean), variance: Array.from(this.variance), count: Array.from(this.count) };
  }

  restore(state: ReturnNormalizerState): void {
    if (state.variance.length !== this.groups) throw new Error(`normalizer: ${state.variance.length} groups saved; expected ${this.groups}`);
    this.mean.set(state.mean);
    this.variance.set(state.variance);
    this.count.set(state.count);
  }
}
