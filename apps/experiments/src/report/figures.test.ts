import * as vega from "vega";
import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { fakeDays, fakeStudy, fakeStudyResults } from "./__fixtures__/results.js";
import { dayFigureRuns, daySpec, daySummary } from "./day-figure.js";
import { dayViewerData } from "./day-viewer-data.js";
import { deriveMetrics } from "./derive.js";
import { keyFigures, studyColors } from "./figure-set.js";

const study = fakeStudy;

/** Compiles and draws a figure headless; a Vega-Lite warning (a conflicting scale, say) fails the test. */
async function svgOf(spec: Parameters<typeof compile>[0]): Promise<string> {
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: readonly unknown[]) => {
    warnings.push(args.join(" "));
    return logger;
  };
  const compiled = compile(spec, { logger });
  expect(warnings).toEqual([]);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

describe("the report's figures", () => {
  it("have a legend that filters, tooltips with the table's intervals, and each seed beside its mean", async () => {
    const [costs, learning] = keyFigures(study, deriveMetrics(fakeStudyResults()));
    expect(costs.name).toBe("costs");
    const values = (costs.spec as { data: { values: { layer: string; series: string; interval?: string }[] } }).data.values;
    // mappo saves 10.93 - 8.95 = 1.98 $/day on average; its 4 seeds are drawn beside the bar.
    expect(values.find((row) => row.layer === "mean" && row.series === "mappo")?.interval).toBe("1.98 [1.65, 2.31]");
    expect(values.filter((row) => row.layer === "seed" && row.series === "mappo")).toHaveLength(4);
    const text = JSON.stringify(costs.spec);
    expect(text).toContain('"bind":"legend"');
    expect(text).toContain('"tooltip"');
    expect(learning.name).toBe("learning-seed-default");
    for (const figure of [costs, learning]) expect(await svgOf(figure.spec)).toContain("<svg");
  });

  it("draw a day against the rule and the optimum, with the feeder's limits, and say what it shows", async () => {
    const viewer = dayViewerData(deriveMetrics(fakeStudyResults()), ["ippo", "mappo"], studyColors(study));
    if (!viewer) throw new Error("no day viewer");
    const runs = dayFigureRuns(viewer, "seed__default__mappo__s1");
    expect(runs.map((run) => run.label)).toEqual(["mappo (seed 1)", "rule", "optimal"]);
    // Each policy keeps the colour it has in the other figures.
    expect(runs.map((run) => run.color)).toEqual(["mappo", "rule", "optimal"].map((policy) => studyColors(study)[policy]));
    expect(dayFigureRuns(viewer, "seed__default__rule__s0").map((run) => run.label)).toEqual(["rule", "optimal"]);
    const svg = await svgOf(daySpec(runs, 1, "mappo (seed 1), 2026-07-02"));
    for (const text of ["feeder import (kW)", "battery state of charge (share)", "retail price ($/kWh)", "guard correction (kW)", "consumers' flexibility, optimal"]) expect(svg).toContain(text);
    // Day 2 of fakeDays(1): import 2, 6, 13, -2 kW against a 9.5 kW capacity and a 2 kW export limit.
    expect(daySummary(fakeDays(1), 1)).toEqual({ peakImportKw: 13, stepsAboveCapacity: 1, stepsBeyondExportLimit: 0, guardCorrectionKwh: 9 });
    expect(daySummary(fakeDays(-0.5), 1).stepsBeyondExportLimit).toBe(1);
    expect(() => dayFigureRuns(viewer, "nope")).toThrowError(/^day viewer: no run "nope"; runs: .*seed__default__idle__s0/);
  });
});
