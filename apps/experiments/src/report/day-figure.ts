import type { TopLevelSpec } from "vega-lite";
import type { DayTraces } from "../runs/day-trace.js";
import { colorScale } from "./figures.js";

/**
 * One test day of a run, drawn against the rule and the optimum on the same day: feeder import against the capacity
 * and the export limit, the battery's state of charge, the prices, the feeder guard's corrections, and each
 * consumer's flexible load, one panel per policy. Pure: the report page draws it for the day picked, the report's
 * static `day` figure for the best learned run's first test day.
 */

/** A finished run as the day viewer knows it. */
export interface DayRun {
  id: string;
  policy: string;
  seed: number;
  /** `scenario / setting`. */
  cell: string;
  days: DayTraces;
}

/** What the report page's day viewer is given: every finished run's recorded days, and which run it opens on. */
export interface DayViewerData {
  runs: DayRun[];
  /** The run shown first: the best learned run (lowest system cost), else the first. */
  initialRunId: string;
  /** Policies drawn beside every run on the same day. */
  comparisons: string[];
  /** Each policy's colour, as in the report's other figures. */
  colors: Record<string, string>;
}

/** A run as the day figure draws it: its label, its colour and its recorded days. */
export interface DayFigureRun {
  label: string;
  color: string;
  traces: DayTraces;
}

/** A run and the comparison runs of its cell, labelled, in the order the day figure draws them. */
export function dayFigureRuns(data: DayViewerData, runId: string): DayFigureRun[] {
  const run = data.runs.find((entry) => entry.id === runId);
  if (!run) throw new Error(`day viewer: no run "${runId}"; runs: ${data.runs.map((entry) => entry.id).join(", ")}`);
  const seeded = (policy: string) => data.runs.filter((entry) => entry.cell === run.cell && entry.policy === policy).length > 1;
  const others = data.comparisons
    .filter((policy) => policy !== run.policy)
    .map((policy) => data.runs.find((entry) => entry.cell === run.cell && entry.policy === policy))
    .filter((entry): entry is DayRun => entry !== undefined);
  return [run, ...others].map((entry) => ({
    label: entry === run && seeded(run.policy) ? `${run.policy} (seed ${run.seed})` : entry.policy,
    color: data.colors[entry.policy] ?? "#888",
    traces: entry.days,
  }));
}

/** What a day's figure shows in words: the numbers a reader would look for first. */
export interface DaySummary {
  peakImportKw: number;
  stepsAboveCapacity: number;
  stepsBeyondExportLimit: number;
  guardCorrectionKwh: number;
}

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const DAY_AHEAD = "day-ahead price";
const WIDTH = 520;

/** The day's figures in numbers, for the sentence under the figure. */
export function daySummary(traces: DayTraces, dayIndex: number): DaySummary {
  const day = traces.days[dayIndex];
  return {
    peakImportKw: Math.max(...day.netImportKw),
    stepsAboveCapacity: day.netImportKw.filter((kw) => kw > traces.feederCapacityKw + 1e-6).length,
    stepsBeyondExportLimit: day.netImportKw.filter((kw) => kw < -traces.exportLimitKw - 1e-6).length,
    guardCorrectionKwh: day.guardCorrectionKw.reduce((sum, kw) => sum + Math.abs(kw), 0) * traces.stepHours,
  };
}

type Row = { policy: string; hour: number; value: number };

/** Each run's series of one quantity on the day, as rows. */
function seriesRows(runs: DayFigureRun[], dayIndex: number, pick: (day: DayTraces["days"][number]) => number[]): Row[] {
  const rows: Row[] = [];
  for (const { label, traces } of runs) {
    const day = traces.days[dayIndex];
    if (!day) continue;
    pick(day).forEach((value, step) => {
      rows.push({ policy: label, hour: step * traces.stepHours, value });
    });
  }
  return rows;
}

/** One panel: a line per policy of one quantity against the hour of the day, optional horizontal limits. */
function panel(title: string, unit: string, rows: Row[], color: ReturnType<typeof colorScale>, limits: { label: string; value: number }[] = []) {
  const y = { field: "value", type: "quantitative", title: `${title} (${unit})` };
  const layers: object[] = [
    {
      data: { values: rows },
      mark: { type: "line", interpolate: "step-after", strokeWidth: 1.6 },
      encoding: {
        x: { field: "hour", type: "quantitative", title: "hour of the day", scale: { domain: [0, 24] } },
        y,
        color: { field: "policy", type: "nominal", title: "policy", scale: color },
        tooltip: [
          { field: "policy", title: "policy" },
          { field: "hour", title: "hour", format: ".2f" },
          { field: "value", title: `${title} (${unit})`, format: ".3~r" },
        ],
      },
    },
  ];
  if (limits.length > 0) {
    layers.push({
      data: { values: limits },
      mark: { type: "rule", strokeDash: [4, 3], color: "#b00" },
      encoding: { y: { field: "value", type: "quantitative" }, tooltip: [{ field: "label" }, { field: "value", format: ".3~r", title: unit }] },
    });
  }
  return { width: WIDTH, height: 100, layer: layers };
}

/** Each consumer's flexible load change on the day under one policy. */
function flexibilityPanel(label: string, traces: DayTraces, dayIndex: number) {
  const rows: { consumer: string; hour: number; value: number }[] = [];
  traces.days[dayIndex]?.flexDeltaKw.forEach((series, consumer) => {
    series.forEach((value, step) => {
      rows.push({ consumer: traces.consumerIds[consumer] ?? String(consumer), hour: step * traces.stepHours, value });
    });
  });
  return {
    title: { text: label, fontSize: 11 },
    width: WIDTH / 3 - 30,
    height: 90,
    data: { values: rows },
    mark: { type: "line", interpolate: "step-after", strokeWidth: 1.2 },
    encoding: {
      x: { field: "hour", type: "quantitative", title: "hour", scale: { domain: [0, 24] } },
      y: { field: "value", type: "quantitative", title: "flexible load change (kW)" },
      color: { field: "consumer", type: "nominal", title: "consumer" },
      tooltip: [{ field: "consumer" }, { field: "hour", format: ".2f" }, { field: "value", title: "kW", format: ".3~r" }],
    },
  };
}

/**
 * The figure of `runs[0]`'s test day `dayIndex` (its date is the title), with the other runs (the rule, the optimum)
 * on the same day in the same panels.
 */
export function daySpec(runs: DayFigureRun[], dayIndex: number, title: string): TopLevelSpec {
  const { traces } = runs[0];
  // One colour scale for the four shared panels: each run in its policy's colour, the day-ahead price grey.
  const colors = Object.fromEntries(runs.map((run) => [run.label, run.color]));
  const color = colorScale(colors, [...runs.map((run) => run.label), DAY_AHEAD]);
  const limits = [
    { label: "feeder capacity", value: traces.feederCapacityKw },
    { label: "export limit", value: -traces.exportLimitKw },
  ];
  const prices = [
    ...seriesRows(runs, dayIndex, (day) => day.retailPriceUsdPerKwh),
    ...seriesRows(runs.slice(0, 1), dayIndex, (day) => day.dayAheadPriceUsdPerKwh).map((row) => ({ ...row, policy: DAY_AHEAD })),
  ];
  const spec = {
    $schema: SCHEMA,
    title,
    resolve: { scale: { color: "independent" } },
    vconcat: [
      {
        vconcat: [
          panel("feeder import", "kW", seriesRows(runs, dayIndex, (day) => day.netImportKw), color, limits),
          panel("battery state of charge", "share", seriesRows(runs, dayIndex, (day) => day.batterySoc), color),
          panel("retail price", "$/kWh", prices, color),
          panel("guard correction", "kW", seriesRows(runs, dayIndex, (day) => day.guardCorrectionKw), color),
        ],
      },
      { hconcat: runs.map((run) => flexibilityPanel(`consumers' flexibility, ${run.label}`, run.traces, dayIndex)) },
    ],
  };
  return spec as unknown as TopLevelSpec;
}
