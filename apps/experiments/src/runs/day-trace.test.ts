import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBaseline, evaluatePolicy } from "@grid/baselines";
import { getScenario, parseGridConfig } from "@grid/env";
import { describe, expect, it } from "vitest";
import { dayTracesSchema, readDayTraces } from "./day-trace.js";

describe("readDayTraces", () => {
  it("keeps the first days of an evaluation's trace, step by step, rounded, with the feeder's limits", async () => {
    const scenario = getScenario("seed");
    const profiles = scenario.loadProfiles();
    const config = { ...scenario.config, feederGuard: true };
    const traceCsvPath = join(mkdtempSync(join(tmpdir(), "grid-day-trace-")), "trace.csv");
    const days = { first: scenario.testDays.first, last: scenario.testDays.first + 2 };
    const evaluation = evaluatePolicy(await createBaseline("rule"), { profiles, config, days, traceCsvPath });
    const physics = parseGridConfig(config);
    const context = { stepHours: physics.dtHours, feederCapacityKw: physics.feederCapacityKw, exportLimitKw: physics.exportLimitKw, consumerIds: evaluation.consumerIds, timeZone: "UTC" };
    const traces = readDayTraces(readFileSync(traceCsvPath, "utf8"), context, 2);
    expect(dayTracesSchema.parse(traces)).toEqual(traces);
    expect(traces).toMatchObject({ stepHours: 0.25, feederCapacityKw: physics.feederCapacityKw, exportLimitKw: physics.exportLimitKw });
    expect(traces.days).toHaveLength(2);
    expect(traces.days[0].date).not.toBe(traces.days[1].date);
    expect(traces.days[0].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const day of traces.days) {
      for (const series of [day.netImportKw, day.batterySoc, day.retailPriceUsdPerKwh, day.guardCorrectionKw, ...day.flexDeltaKw]) expect(series).toHaveLength(96);
      expect(day.flexDeltaKw).toHaveLength(evaluation.consumerIds.length);
      expect(day.netImportKw.every((kw) => Number.isInteger(Math.round(kw * 100)) && Math.abs(kw * 100 - Math.round(kw * 100)) < 1e-9)).toBe(true);
    }
    // The recorded import is the evaluation's: its peak over the first day matches the episode's metric (to 10 W).
    expect(Math.max(...traces.days[0].netImportKw)).toBeCloseTo(evaluation.episodes[0].peakImportKw, 2);
  });

  it("names a missing column and the columns it found", () => {
    const context = { stepHours: 0.25, feederCapacityKw: 9.5, exportLimitKw: 2, consumerIds: [], timeZone: "UTC" };
    expect(() => readDayTraces("episode,timestamp\n0,2026-07-01T00:00:00Z\n", context)).toThrowError('trace CSV: no column "netImportKw"; columns: episode, timestamp');
  });
});
