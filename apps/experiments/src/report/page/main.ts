import embed from "vega-embed";
import { formatQuantity } from "../../format.js";
import { type DayViewerData, dayFigureRuns, daySpec, daySummary } from "../day-figure.js";
import type { ReportPageData } from "../page-data.js";

/**
 * The report page's script, bundled with vega, vega-lite and vega-embed into `report.html` (no server, no CDN): it
 * draws every figure interactively (tooltips, legends that filter, export to SVG or PNG) and runs the day viewer.
 * When everything is drawn, `<body data-ready="true">`.
 */

const EMBED_OPTIONS = { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } } as const;

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`report page: no element ${selector}`);
  return found;
}

async function drawFigures(data: ReportPageData): Promise<void> {
  for (const figure of data.figures) {
    const container = element<HTMLElement>(`[data-figure="${figure.name}"]`);
    await embed(container, figure.spec, EMBED_OPTIONS);
    container.dataset.drawn = "true";
  }
}

/** Fills the day list for a run, keeping the day picked when the new run recorded it. */
function fillDays(viewer: DayViewerData, runId: string, daySelect: HTMLSelectElement): void {
  const run = viewer.runs.find((entry) => entry.id === runId);
  const previous = daySelect.selectedIndex;
  daySelect.replaceChildren(
    ...(run?.days.days ?? []).map((day, index) => new Option(`test day ${index + 1}: ${day.date}`, String(index))),
  );
  daySelect.selectedIndex = Math.max(0, Math.min(previous, daySelect.options.length - 1));
}

/** Draws the picked run's picked day and says in a sentence what it shows. */
async function drawDay(viewer: DayViewerData, runId: string, dayIndex: number): Promise<void> {
  const runs = dayFigureRuns(viewer, runId);
  const traces = runs[0].traces;
  const date = traces.days[dayIndex].date;
  const figure = element<HTMLElement>("#day-figure");
  await embed(figure, daySpec(runs, dayIndex, `${runs[0].label}, ${date}`), EMBED_OPTIONS);
  const summary = daySummary(traces, dayIndex);
  element<HTMLElement>("#day-summary").textContent =
    `${runs[0].label} on ${date}: peak import ${formatQuantity(summary.peakImportKw, "kW")} ` +
    `(feeder capacity ${formatQuantity(traces.feederCapacityKw, "kW")}), ${summary.stepsAboveCapacity} steps above the capacity, ` +
    `${summary.stepsBeyondExportLimit} beyond the export limit (${formatQuantity(traces.exportLimitKw, "kW")}), ` +
    `guard correction ${formatQuantity(summary.guardCorrectionKwh, "kWh")}. Beside it: ${runs.slice(1).map((run) => run.label).join(" and ") || "no baseline of this cell recorded the day"}.`;
  figure.dataset.shown = `${runId}/${dayIndex}`;
}

async function startDayViewer(viewer: DayViewerData): Promise<void> {
  const runSelect = element<HTMLSelectElement>("#day-run");
  const daySelect = element<HTMLSelectElement>("#day-index");
  for (const cell of [...new Set(viewer.runs.map((run) => run.cell))]) {
    const group = document.createElement("optgroup");
    group.label = cell;
    for (const run of viewer.runs.filter((entry) => entry.cell === cell)) group.append(new Option(`${run.policy}, seed ${run.seed}`, run.id));
    runSelect.append(group);
  }
  runSelect.value = viewer.initialRunId;
  fillDays(viewer, runSelect.value, daySelect);
  const redraw = () => drawDay(viewer, runSelect.value, Number(daySelect.value)).catch(reportError);
  runSelect.addEventListener("change", () => {
    fillDays(viewer, runSelect.value, daySelect);
    void redraw();
  });
  daySelect.addEventListener("change", () => void redraw());
  await drawDay(viewer, runSelect.value, Number(daySelect.value));
}

function reportError(error: unknown): void {
  console.error(error);
  const note = document.createElement("p");
  note.className = "page-error";
  note.textContent = `The page could not draw a figure: ${error instanceof Error ? error.message : String(error)}`;
  document.body.prepend(note);
}

async function main(): Promise<void> {
  const data = JSON.parse(element<HTMLScriptElement>("#report-data").textContent ?? "{}") as ReportPageData;
  await drawFigures(data);
  if (data.dayViewer) await startDayViewer(data.dayViewer);
  document.body.dataset.ready = "true";
}

main().catch(reportError);
