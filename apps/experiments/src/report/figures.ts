import type { TopLevelSpec } from "vega-lite";

/**
 * The report's figures as Vega-Lite specifications: pure data, no Node or DOM APIs. The same specification is drawn
 * interactively in `report.html` (vega-embed: tooltips with values, legends that filter) and headless to SVG and PNG
 * for papers (`render.ts`).
 */
export interface Figure {
  /** File stem of its SVG and PNG, and its id in the page. */
  name: string;
  title: string;
  spec: TopLevelSpec;
}

/** A condition's mean and interval at one x (a training step, a consumer count) or in one panel. */
export interface IntervalRow {
  /** The line or bar: a policy. */
  series: string;
  /** Where on the x axis (lines) or which panel (bars: the cell). */
  x: number | string;
  mean: number;
  low: number;
  high: number;
  n: number;
  /** The mean and interval as the tables write them (`8.95 [8.66, 9.23]`), for tooltips. */
  interval: string;
}

/** One seed's value beside its condition's mean. */
export interface SeedRow {
  series: string;
  x: number | string;
  seed: number;
  value: number;
}

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Colours of the policies (Vega's tableau10), the same in every figure and in the day viewer. */
const PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];

/** Each policy's colour, in the study's order (learned policies first, then the baselines). */
export function policyColors(policies: readonly string[]): Record<string, string> {
  return Object.fromEntries(policies.map((policy, i) => [policy, PALETTE[i % PALETTE.length]]));
}

/** A colour scale over the series a figure draws, each in its policy's colour (grey for one without). */
export function colorScale(colors: Readonly<Record<string, string>>, series: readonly string[]) {
  const domain = [...new Set(series)];
  return { domain, range: domain.map((name) => colors[name] ?? "#888") };
}

/** The legend selection every figure has: click a legend entry to show that policy alone, shift-click for more. */
const LEGEND_PICK = { name: "pick", select: { type: "point", fields: ["series"] }, bind: "legend" } as const;
const PICKED_OPACITY = (selected: number) => ({ condition: { param: "pick", value: selected, empty: true }, value: 0.08 });

/** Both row kinds in one data set (a facet needs one), told apart by `layer`. */
const combined = (summaries: IntervalRow[], seeds: SeedRow[]) => [
  ...summaries.map((row) => ({ ...row, layer: "mean" })),
  ...seeds.map((row) => ({ ...row, layer: "seed" })),
];
const only = (layer: "mean" | "seed") => [{ filter: `datum.layer === '${layer}'` }];

const seedTooltip = (valueTitle: string) => [
  { field: "series", title: "policy" },
  { field: "seed", title: "seed" },
  { field: "value", title: valueTitle, format: ".3~r" },
];
const meanTooltip = (valueTitle: string, xTitle: string) => [
  { field: "series", title: "policy" },
  { field: "x", title: xTitle },
  { field: "interval", title: `${valueTitle}, mean [95% CI]` },
  { field: "n", title: "seeds" },
];

/**
 * Lines of a metric's mean per policy against x, with its 95% interval (a band for learning curves, error bars for
 * scaling curves, optionally on a log x axis) and each seed's value as a point.
 */
export function curveFigure(
  name: string,
  title: string,
  data: { summaries: IntervalRow[]; seeds: SeedRow[] },
  axes: { xTitle: string; yTitle: string; interval: "band" | "bars"; logX?: boolean; colors: Readonly<Record<string, string>> },
): Figure {
  const { xTitle, yTitle, interval, logX = false } = axes;
  const x = { field: "x", type: "quantitative", title: xTitle, scale: logX ? { type: "log" } : { zero: false } };
  const y = (field: string) => ({ field, type: "quantitative", title: yTitle, scale: { zero: false } });
  const color = { field: "series", type: "nominal", title: "policy", scale: colorScale(axes.colors, data.summaries.map((row) => row.series)) };
  const spec = {
    $schema: SCHEMA,
    title,
    width: 520,
    height: 260,
    data: { values: combined(data.summaries, data.seeds) },
    encoding: { x, color },
    layer: [
      {
        name: "intervals",
        transform: only("mean"),
        mark: interval === "band" ? { type: "errorband", opacity: 0.25 } : { type: "errorbar", ticks: true },
        encoding: { y: y("low"), y2: { field: "high" }, opacity: PICKED_OPACITY(0.25), tooltip: meanTooltip(yTitle, xTitle) },
      },
      {
        name: "means",
        transform: only("mean"),
        params: [LEGEND_PICK],
        mark: { type: "line", point: true },
        encoding: { y: y("mean"), opacity: PICKED_OPACITY(1), tooltip: meanTooltip(yTitle, xTitle) },
      },
      {
        name: "seeds",
        transform: only("seed"),
        mark: { type: "point", shape: "circle", size: 14, filled: true },
        encoding: { y: y("value"), opacity: PICKED_OPACITY(0.45), tooltip: seedTooltip(yTitle) },
      },
    ],
  };
  return { name, title, spec: spec as unknown as TopLevelSpec };
}

/**
 * Bars of a metric's mean per policy with its 95% interval, each seed's value as a point beside its bar, one panel
 * per cell (`x` of the rows). Colours tell the policies apart, and their legend filters.
 */
export function barFigure(
  name: string,
  title: string,
  data: { summaries: IntervalRow[]; seeds: SeedRow[] },
  axes: { yTitle: string; colors: Readonly<Record<string, string>> },
): Figure {
  const { yTitle } = axes;
  const xAxis = { field: "series", type: "nominal", title: null, sort: null };
  const y = (field: string) => ({ field, type: "quantitative", title: yTitle });
  const spec = {
    $schema: SCHEMA,
    title,
    data: { values: combined(data.summaries, data.seeds) },
    facet: { column: { field: "x", type: "nominal", title: null } },
    spec: {
      width: 260,
      height: 220,
      encoding: { x: xAxis, color: { field: "series", type: "nominal", title: "policy", scale: colorScale(axes.colors, data.summaries.map((row) => row.series)) } },
      layer: [
        {
          name: "bars",
          transform: only("mean"),
          params: [LEGEND_PICK],
          mark: { type: "bar", width: { band: 0.6 } },
          encoding: { y: y("mean"), opacity: PICKED_OPACITY(0.85), tooltip: meanTooltip(yTitle, "cell") },
        },
        {
          name: "intervals",
          transform: only("mean"),
          mark: { type: "errorbar", ticks: true, color: "#333" },
          encoding: { y: y("low"), y2: { field: "high" }, opacity: PICKED_OPACITY(1), tooltip: meanTooltip(yTitle, "cell") },
        },
        {
          name: "seeds",
          transform: only("seed"),
          mark: { type: "point", shape: "circle", size: 18, filled: true, xOffset: 13, stroke: "#333", strokeWidth: 0.5 },
          encoding: { y: y("value"), opacity: PICKED_OPACITY(0.9), tooltip: seedTooltip(yTitle) },
        },
      ],
    },
  };
  return { name, title, spec: spec as unknown as TopLevelSpec };
}
