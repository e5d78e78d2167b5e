/**
 * Generalised advantage estimation (Schulman et al. 2016) over a rollout of `steps` x `rows`, rows grouped by
 * environment as `row % numEnvs` (agent-major rows). `values` has `steps + 1` rows of values (the last is the
 * bootstrap after the rollout); `dones[t * numEnvs + env]` is 1 when env's episode ended at step t (its next
 * value is then not bootstrapped). Writes advantages and returns (advantage + value). lambda = 1 gives the
 * discounted Monte-Carlo return minus the value.
 */
export function computeGae(
  rewards: Float32Array,
  values: Float32Array,
  dones: Uint8Array,
  steps: number,
  rows: number,
  numEnvs: number,
  gamma: number,
  lambda: number,
  advantages: Float32Array,
  returns: Float32Array,
): void {
  for (let row = 0; row < rows; row++) {
    const env = row % numEnvs;
    let running = 0;
    for (let t = steps - 1; t >= 0; t--) {
      const index = t * rows + row;
      const notDone = dones[t * numEnvs + env] ? 0 : 1;
      const delta = rewards[index] + gamma * notDone * values[index + rows] - values[index];
      running = delta + gamma * lambda * notDone * running;
      advantages[index] = running;
      returns[index] = running + values[index];
    }
  }
}
