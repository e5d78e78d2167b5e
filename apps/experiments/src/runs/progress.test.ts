import { describe, expect, it } from "vitest";
import { formatDuration, Progress } from "./progress.js";

function stream() {
  const lines: string[] = [];
  return { lines, stream: { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream };
}

describe("Progress", () => {
  it("prints a note on a line of its own and marks a failed run in the bar's line", () => {
    const { lines, stream: output } = stream();
    const progress = new Progress(3, 1, output);
    progress.tick("seed__default__rule__s0");
    progress.note("FAILED seed__default__ippo__s0: NaN action from agent 2 (error and stack: failures/seed__default__ippo__s0.json)");
    progress.tick("seed__default__ippo__s0", true);
    expect(lines[0]).toMatch(/^\[#{16}\.{8}\] 2\/3 runs, .* seed__default__rule__s0\n$/);
    expect(lines[1]).toBe("FAILED seed__default__ippo__s0: NaN action from agent 2 (error and stack: failures/seed__default__ippo__s0.json)\n");
    expect(lines[2]).toMatch(/^\[#{24}\] 3\/3 runs, .*FAILED seed__default__ippo__s0\n$/);
  });

  it("formats durations", () => {
    expect(formatDuration(42)).toBe("42s");
    expect(formatDuration(125)).toBe("2m05s");
    expect(formatDuration(7260)).toBe("2h01m");
  });
});
