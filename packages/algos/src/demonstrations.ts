import type { Sfc32 } from "@grid/env";

/**
 * The demonstrations of a warm start, kept for the fine-tuning that follows (a decaying imitation term, as DAPG's):
 * actor input rows and the expert's actions, per actor group, appended one rollout at a time.
 */
export class DemonstrationBuffer {
  private readonly inputs: Float32Array[][];
  private readonly actions: Int32Array[][];
  private readonly counts: number[];

  constructor(
    numGroups: number,
    private readonly inputWidth: number,
  ) {
    this.inputs = Array.from({ length: numGroups }, () => []);
    this.actions = Array.from({ length: numGroups }, () => []);
    this.counts = Array(numGroups).fill(0);
  }

  get size(): number {
    return this.counts.reduce((total, count) => total + count, 0);
  }

  /** Appends the rows of one rollout step block: `group(row)` names each row's actor group. */
  append(inputs: Float32Array, actions: Int32Array, rows: number, group: (row: number) => number): void {
    const width = this.inputWidth;
    const perGroup = this.counts.map(() => 0);
    for (let row = 0; row < rows; row++) perGroup[group(row)]++;
    const inputChunks = perGroup.map((count) => new Float32Array(count * width));
    const actionChunks = perGroup.map((count) => new Int32Array(count));
    const filled = perGroup.map(() => 0);
    for (let row = 0; row < rows; row++) {
      const g = group(row);
      inputChunks[g].set(inputs.subarray(row * width, (row + 1) * width), filled[g] * width);
      actionChunks[g][filled[g]++] = actions[row];
    }
    perGroup.forEach((count, g) => {
      if (count === 0) return;
      this.inputs[g].push(inputChunks[g]);
      this.actions[g].push(actionChunks[g]);
      this.counts[g] += count;
    });
  }

  /**
   * Fills a minibatch of `size` rows drawn uniformly from the buffer, ordered by group: `inputs` [size][width], a
   * one-hot `mask` [size][numActions]; returns the rows per group (for `NetworkSet.apply`).
   */
  sample(size: number, random: Sfc32, inputs: Float32Array, mask: Float32Array, numActions: number): number[] {
    const total = this.size;
    const draws = Array.from({ length: size }, () => random.integer(total)).sort((a, b) => a - b);
    const rowsPerGroup = this.counts.map(() => 0);
    mask.fill(0);
    let groupStart = 0;
    let position = 0;
    for (let g = 0; g < this.counts.length; g++) {
      const end = groupStart + this.counts[g];
      let chunk = 0;
      let chunkStart = groupStart;
      while (position < size && draws[position] < end) {
        let index = draws[position] - chunkStart;
        while (index >= this.actions[g][chunk].length) {
          index -= this.actions[g][chunk].length;
          chunkStart += this.actions[g][chunk].length;
          chunk++;
        }
        const width = this.inputWidth;
        inputs.set(this.inputs[g][chunk].subarray(index * width, (index + 1) * width), position * width);
        mask[position * numActions + this.actions[g][chunk][index]] = 1;
        rowsPerGroup[g]++;
        position++;
      }
      groupStart = end;
    }
    return rowsPerGroup;
  }
}
