import { writeFileAtomic } from "@grid/profiles";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile } from "vega-lite";
import type { Figure } from "./figures.js";

/**
 * Renders a figure headless, as a paper needs it: `<name>.svg` and `<name>.png` (twice the size, white background) in
 * `directory`. Returns the SVG text.
 */
export async function renderFigure(figure: Figure, directory: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(figure.spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  writeFileAtomic(join(directory, `${figure.name}.svg`), svg);
  const png = new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, background: "white", font: { loadSystemFonts: true } })
    .render()
    .asPng();
  writeFileAtomic(join(directory, `${figure.name}.png`), png);
  return svg;
}
