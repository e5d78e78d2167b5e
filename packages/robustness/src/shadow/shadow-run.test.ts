import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { evaluatePolicy, IdlePolicy, RulePolicy } from "@grid/baselines";
import { getScenario, type Policy } from "@grid/env";
import { profileCsvLines } from "@grid/profiles";
import { describe, expect, it } from "vitest";
import { type ShadowRecord, runShadow } from "./shadow-run.js";

const scenario = getScenario("seed");
const profiles = scenario.loadProfiles();
const config = { ...scenario.config, flexBudgetEnforced: true };
/** The scenario's steps from `first` for `count` steps, in the profile CSV format (header first). */
const csvLines = (first: number, count: number) => profileCsvLines(profiles, first, count);

/** A readable stream that writes one line at a time with a pause between them, as a live feed does. */
function feed(lines: string[]): AsyncIterable<string> {
  async function* slowly() {
    for (const line of lines) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      yield `${line}\n`;
    }
  }
  return createInterface({ input: Readable.from(slowly()), crlfDelay: Number.POSITIVE_INFINITY });
}

async function shadow(lines: string[], shadowed: Policy = new IdlePolicy(), onBadRow: "skip" | "stop" = "skip") {
  const records: ShadowRecord[] = [];
  const summary = await runShadow({
    lines: feed(lines),
    file: "feed",
    profiles,
    config,
    baseline: new RulePolicy(),
    shadowed,
    fallback: new RulePolicy(),
    onBadRow,
    write: (record) => records.push(record),
  });
  return { records, summary };
}

describe("runShadow", () => {
  it("applies the baseline on a live feed exactly as the evaluation does, with the shadowed policy beside it", async () => {
    const { records, summary } = await shadow(csvLines(96, 96));
    expect(records.filter((record) => record.type === "step")).toHaveLength(96);
    expect(records.at(-1)).toBe(summary);
    const evaluated = evaluatePolicy(new RulePolicy(), { profiles, config, startSteps: [96] });
    expect(summary.baselineSystemCostUsd).toBeCloseTo(evaluated.episodes[0].systemCostUsd, 9);
    expect(summary.baselineViolatingSteps).toBe(evaluated.episodes[0].violatingSteps);
    // Idle never moves the battery the rule moves: the two diverge on the rule's charging and discharging steps.
    expect(summary.divergingSteps).toBeGreaterThan(0);
    expect(summary.meanAbsActionDivergence).toBeGreaterThan(0);
  });

  it("shows no divergence when the shadowed policy is the baseline", async () => {
    const { summary } = await shadow(csvLines(0, 40), new RulePolicy());
    expect(summary.divergingSteps).toBe(0);
    expect(summary.shadowSystemCostUsd).toBeCloseTo(summary.baselineSystemCostUsd, 12);
  });

  it("reports a malformed row with its line and holds its step, or stops there", async () => {
    const lines = csvLines(0, 10);
    lines[5] = lines[5].replace(/,[^,]+,/, ",-3,");
    const skipped = await shadow(lines);
    expect(skipped.records.find((record) => record.type === "bad-row")).toEqual({
      type: "bad-row",
      line: 6,
      issues: ["feed:6 column \"base_load_kw\": -3 is negative; expected a power >= 0 kW"],
    });
    expect(skipped.summary.steps).toBe(10);
    expect(skipped.summary.filledSteps).toBe(1);
    const stopped = await shadow(lines, new IdlePolicy(), "stop");
    expect(stopped.summary.stoppedAtLine).toBe(6);
    expect(stopped.summary.steps).toBe(4);
  });

  it("rejects a stream whose consumers are not the scenario's", async () => {
    await expect(shadow(["timestamp,load_kw:a,temperature_c,day_ahead_price", "2026-07-01T00:00:00Z,1,20,0.1"])).rejects.toThrow(
      /feed:1: per-consumer columns \(a\); the scenario's consumers share the feeder load/,
    );
  });
});
