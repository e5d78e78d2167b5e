import type { TopLevelSpec } from "vega-lite";
import type { DayViewerData } from "./day-figure.js";

/** What the report embeds for its page script (`<script type="application/json" id="report-data">`). */
export interface ReportPageData {
  /** Each key figure's Vega-Lite specification, drawn into `[data-figure="<name>"]`. */
  figures: { name: string; spec: TopLevelSpec }[];
  /** The day viewer's runs, when any run recorded its test days. */
  dayViewer?: DayViewerData;
}
