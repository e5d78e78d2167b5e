import type { Figure } from "./figures.js";
import type { ReportPageData } from "./page-data.js";

export const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Inline markdown: code spans and bold only (what the tables use). */
const inline = (text: string) =>
  escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");

/**
 * Converts the report's markdown (headings, paragraphs, lists, pipe tables; image lines are dropped because the
 * page draws the figures itself) to HTML.
 */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith("|")) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i].startsWith("|")) {
        rows.push(lines[i].slice(1, lines[i].trimEnd().endsWith("|") ? lines[i].trimEnd().length - 1 : undefined).split("|").map((cell) => cell.trim()));
        i++;
      }
      const [head, , ...body] = rows;
      out.push(
        "<table>",
        `<thead><tr>${head.map((cell) => `<th>${inline(cell)}</th>`).join("")}</tr></thead>`,
        `<tbody>${body.map((row) => `<tr>${row.map((cell) => `<td>${inline(cell)}</td>`).join("")}</tr>`).join("\n")}</tbody>`,
        "</table>",
      );
      continue;
    }
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    if (heading) out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    else if (line.startsWith("- ")) {
      out.push("<ul>");
      while (i < lines.length && lines[i].startsWith("- ")) out.push(`<li>${inline(lines[i++].slice(2))}</li>`);
      out.push("</ul>");
      continue;
    } else if (line.startsWith("![")) {
      // figures are inlined below
    } else if (line.trim() !== "") out.push(`<p>${inline(line)}</p>`);
    i++;
  }
  return out.join("\n");
}

/** What the report page shows, in the order it shows it. */
export interface ReportPage {
  title: string;
  /** Markdown shown first and open: failures, the answer, the headline table. */
  lead: string;
  /** The key figures, drawn by the page script (their PNG and SVG beside them). */
  figures: Figure[];
  /** Whether the page has a day viewer (its data is in `data.dayViewer`). */
  dayViewer: boolean;
  /** Folded sections (`<details>`): the tests, every condition's table, the runs. */
  details: { title: string; markdown: string }[];
  /** What the page script reads. */
  data: ReportPageData;
  /** The page script with vega, vega-lite and vega-embed (see `page-script.ts`). */
  script: string;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 82rem; padding: 0 1rem; color: #222; line-height: 1.45; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: right; }
th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
code { background: #f4f4f4; padding: 0 0.2rem; }
figure { margin: 1rem 0; }
figcaption { font-size: 0.9rem; color: #555; }
details.section { margin: 0.8rem 0; border: 1px solid #ddd; border-radius: 4px; padding: 0.3rem 0.8rem; }
details.section > summary { cursor: pointer; font-weight: 600; }
.figures { display: flex; flex-wrap: wrap; gap: 0 2rem; align-items: flex-start; }
.figures > figure { width: min-content; }
.page-error { color: #b00; font-weight: 600; }
#day-viewer label { margin-right: 1rem; }
#day-summary { font-size: 0.9rem; }
`;

/** A figure's place on the page: the page script draws into it; without scripts, the static SVG. */
const figureHtml = (figure: Figure) =>
  `<figure><div class="chart" data-figure="${figure.name}"><noscript><img src="figures/${figure.name}.svg" alt="${escapeHtml(figure.title)}"></noscript></div>` +
  `<figcaption>${escapeHtml(figure.title)} (<a href="figures/${figure.name}.png">PNG</a>, <a href="figures/${figure.name}.svg">SVG</a>)</figcaption></figure>`;

const DAY_VIEWER_HTML = `<section id="day-viewer">
<h2>A day, step by step</h2>
<p>Pick a finished run and one of its recorded test days: feeder import against the capacity and the export limit (dashed), the battery's state of charge, the price, the feeder guard's corrections and each consumer's flexible load, with the rule and the optimum on the same day.</p>
<label>run <select id="day-run"></select></label>
<label>day <select id="day-index"></select></label>
<p id="day-summary"></p>
<div id="day-figure"><noscript><img src="figures/day.svg" alt="one test day"></noscript></div>
</section>`;

/** Data for a script element: JSON that cannot close it early. */
const scriptJson = (data: unknown) => JSON.stringify(data).replace(/</g, "\\u003c");

/**
 * The self-contained report page: the answer and headline first, the key figures and the day viewer drawn by the
 * inlined page script (vega-embed, bundled: it opens offline from disk), the detail tables folded.
 */
export function renderHtml(page: ReportPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(page.title)}: grid study report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
${markdownToHtml(page.lead)}
${page.figures.length > 0 ? `<h2>Figures</h2>\n<p>Hover for values; click a legend entry to show that policy alone (shift-click for more, double-click to reset); each chart's menu exports SVG or PNG.</p>\n<div class="figures">${page.figures.map(figureHtml).join("\n")}</div>` : ""}
${page.dayViewer ? DAY_VIEWER_HTML : ""}
${page.details.map((section) => `<details class="section"><summary>${escapeHtml(section.title)}</summary>\n${markdownToHtml(section.markdown)}\n</details>`).join("\n")}
<script type="application/json" id="report-data">${scriptJson(page.data)}</script>
<script>${page.script}</script>
</body>
</html>
`;
}
