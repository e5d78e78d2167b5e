import type { Study } from "../studies/schema.js";
import type { Figure } from "./figures.js";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Inline markdown: code spans and bold only (what the tables use). */
const inline = (text: string) =>
  escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");

/**
 * Converts the report's markdown (headings, paragraphs, lists, pipe tables; image lines are dropped because the
 * figures are inlined as SVG) to HTML.
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

/** A self-contained report page: tables and inline SVG figures, no scripts, opens from disk. */
export function renderHtml(study: Study, tablesMarkdown: string, figures: { figure: Figure; svg: string }[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(study.name)}: grid study report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
code { background: #f4f4f4; padding: 0 0.2rem; }
figure { margin: 1.5rem 0; }
figcaption { font-size: 0.9rem; color: #555; }
</style>
</head>
<body>
${markdownToHtml(tablesMarkdown)}
${figures.map(({ figure, svg }) => `<figure>${svg}<figcaption>${escapeHtml(figure.title)} (<a href="figures/${figure.name}.png">PNG</a>, <a href="figures/${figure.name}.svg">SVG</a>)</figcaption></figure>`).join("\n")}
</body>
</html>
`;
}
