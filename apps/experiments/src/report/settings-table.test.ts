import { describe, expect, it } from "vitest";
import type { RunResult } from "../runs/store.js";
import { studySchema } from "../studies/schema.js";
import { fakeResult } from "./__fixtures__/results.js";
import { settingsComparison, settingsComparisonMarkdown } from "./settings-table.js";

const study = studySchema.parse({
  name: "t",
  description: "Which reward?",
  scenarios: ["seed"],
  algorithms: [{ name: "ippo" }],
  baselines: ["rule"],
  settings: [
    { name: "individual", description: "own" },
    { name: "team", description: "shared" },
  ],
});

/** A run of `policy` in `setting`: the fixture's run moved to that setting. */
function inSetting(result: RunResult, setting: string): RunResult {
  return { ...result, spec: { ...result.spec, id: `seed__${setting}__${result.spec.policy}__s${result.spec.seed}`, setting: { name: setting, description: "", env: {} } } };
}

const runs = (setting: string, costs: number[]) =>
  costs.map((cost, seed) => inSetting(fakeResult("ippo", seed, cost, { kind: "algorithm" }), setting));

describe("settingsComparison", () => {
  it("tests each setting against the reference setting per learner, leaving baselines out", () => {
    const results = [...runs("individual", [10.1, 10.3, 10.2, 10.4]), ...runs("team", [9.1, 9.0, 9.2, 9.3]), inSetting(fakeResult("rule", 0, 9.86), "team")];
    const comparison = settingsComparison(study, results, ["systemCostUsd"]);
    expect(comparison?.referenceSetting).toBe("individual");
    const cells = comparison?.table.cells ?? [];
    expect(cells.map((cell) => [cell.task, cell.condition, cell.n])).toEqual([
      ["seed / ippo", "individual", 4],
      ["seed / ippo", "team", 4],
    ]);
    const team = cells.find((cell) => cell.condition === "team");
    expect(team?.comparison?.significant).toBe(true);
    expect(team?.comparison?.difference).toBeCloseTo(9.15 - 10.25, 10);
    expect(settingsComparisonMarkdown(comparison!).join("\n")).toContain("Each setting against `individual`");
  });

  it("takes the study's referenceSetting, and is undefined with one setting that ran", () => {
    const results = [...runs("individual", [10.1, 10.3]), ...runs("team", [9.1, 9.0])];
    expect(settingsComparison({ ...study, referenceSetting: "team" }, results, ["systemCostUsd"])?.referenceSetting).toBe("team");
    expect(settingsComparison(study, runs("team", [9.1, 9.0]), ["systemCostUsd"])).toBeUndefined();
  });
});
