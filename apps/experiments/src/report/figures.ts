import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** A figure of the report: its file stem, title and Vega-Lite specification. */
export interface Figure {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

/** Renders a Vega-Lite figure headless to `<name>.svg` and `<name>.png` in `directory`; returns the SVG text. */
export async function renderFigure(figure: Figure, directory: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(figure.spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  writeFileSync(join(directory, `${figure.name}.svg`), svg);
  const png = new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, background: "white", font: { loadSystemFonts: true } })
    .render()
    .asPng();
  writeFileSync(join(directory, `${figure.name}.png`), png);
  return svg;
}

const schema = "https://vega.github.io/schema/vega-lite/v6.json";

/**
 * Lines of a metric's mean per series against x with their 95% intervals: a shaded band (learning curves) or error
 * bars (scaling curves, optionally on a log x axis). Rows: {series, x, mean, low, high}.
 */
export function lineFigure(
  name: string,
  title: string,
  rows: object[],
  axes: { xTitle: string; yTitle: string; interval: "band" | "bars"; logX?: boolean },
): Figure {
  const { xTitle, yTitle, interval, logX = false } = axes;
  return {
    name,
    title,
    spec: {
      $schema: schema,
      title,
      width: 420,
      height: 240,
      data: { values: rows },
      encoding: {
        x: { field: "x", type: "quantitative", title: xTitle, scale: logX ? { type: "log" } : {} },
        color: { field: "series", type: "nominal", title: null },
      },
      layer: [
        {
          mark: interval === "band" ? { type: "errorband", opacity: 0.25 } : { type: "errorbar", ticks: true },
          encoding: { y: { field: "low", type: "quantitative", title: yTitle }, y2: { field: "high" } },
        },
        { mark: { type: "line", point: true }, encoding: { y: { field: "mean", type: "quantitative", title: yTitle } } },
      ],
    } as TopLevelSpec,
  };
}

/** Bars of a metric's mean per condition with their 95% intervals, one panel per facet. Rows: {facet, condition, mean, low, high, n}. */
export function barFigure(name: string, title: string, rows: object[], yTitle: string): Figure {
  return {
    name,
    title,
    spec: {
      $schema: schema,
      title,
      data: { values: rows },
      facet: { column: { field: "facet", type: "nominal", title: null } },
      spec: {
        width: 220,
        height: 220,
        layer: [
          {
            mark: "bar",
            encoding: {
              x: { field: "condition", type: "nominal", title: null, sort: null },
              y: { field: "mean", type: "quantitative", title: yTitle },
              color: { field: "kind", type: "nominal", title: null },
              tooltip: [{ field: "n", title: "seeds" }],
            },
          },
          {
            mark: { type: "errorbar", ticks: true },
            encoding: {
              x: { field: "condition", type: "nominal", sort: null },
              y: { field: "low", type: "quantitative", title: yTitle },
              y2: { field: "high" },
            },
          },
        ],
      },
    } as TopLevelSpec,
  };
}

/** One day's trace: feeder import, state of charge and price per step, one line per policy. Rows: {policy, step, quantity, value}. */
export function traceFigure(name: string, title: string, rows: object[]): Figure {
  return {
    name,
    title,
    spec: {
      $schema: schema,
      title,
      data: { values: rows },
      facet: { row: { field: "quantity", type: "nominal", title: null } },
      resolve: { scale: { y: "independent" } },
      spec: {
        width: 480,
        height: 110,
        mark: "line",
        encoding: {
          x: { field: "hour", type: "quantitative", title: "hour of the day" },
          y: { field: "value", type: "quantitative", title: null },
          color: { field: "policy", type: "nominal", title: null },
        },
      },
    } as TopLevelSpec,
  };
}
