import { Sfc32 } from "@grid/env";
import { describe, expect, it } from "vitest";
import { DemonstrationBuffer } from "./demonstrations.js";

describe("DemonstrationBuffer", () => {
  it("samples kept rows with their own actions, ordered by group", () => {
    const buffer = new DemonstrationBuffer(2, 2);
    // Rows 0-2 of each block belong to group 0, rows 3-4 to group 1; a row's input is (block, row), its action row % 3.
    for (let block = 0; block < 3; block++) {
      const inputs = Float32Array.from({ length: 10 }, (_, k) => (k % 2 === 0 ? block : Math.floor(k / 2)));
      const actions = Int32Array.from({ length: 5 }, (_, row) => row % 3);
      buffer.append(inputs, actions, 5, (row) => (row < 3 ? 0 : 1));
    }
    expect(buffer.size).toBe(15);
    const inputs = new Float32Array(40 * 2);
    const mask = new Float32Array(40 * 3);
    const rowsPerGroup = buffer.sample(40, new Sfc32(1), inputs, mask, 3);
    expect(rowsPerGroup[0] + rowsPerGroup[1]).toBe(40);
    expect(rowsPerGroup[0]).toBeGreaterThan(rowsPerGroup[1]);
    for (let i = 0; i < 40; i++) {
      const row = inputs[i * 2 + 1];
      expect(i < rowsPerGroup[0] ? row < 3 : row >= 3).toBe(true);
      expect(Array.from(mask.subarray(i * 3, i * 3 + 3))).toEqual([0, 1, 2].map((action) => (action === row % 3 ? 1 : 0)));
      expect([0, 1, 2]).toContain(inputs[i * 2]);
    }
  });
});
