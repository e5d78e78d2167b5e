import type { StressReport } from "./run-stress.js";
import type { MetricSummary, StressRow } from "./stress-summary.js";

/** `mean [low, high]` with `digits` decimals (the interval left off when there is none). */
function withInterval(summary: MetricSummary, digits: number): string {
  const interval = summary.interval;
  return interval ? `${summary.mean.toFixed(digits)} [${interval[0].toFixed(digits)}, ${interval[1].toFixed(digits)}]` : summary.mean.toFixed(digits);
}

/** Rounded before the sign is chosen, so a change below the last digit reads 0, not -0. */
function signed(value: number, places: number): string {
  const rounded = Number(value.toFixed(places));
  return `${rounded > 0 ? "+" : ""}${(rounded === 0 ? 0 : rounded).toFixed(places)}`;
}

/** The change against nominal with its 95% interval when the runs disagree: `+0.42 [+0.10, +0.74] (+4.6%)`. */
function change(summary: MetricSummary, digits: number): string {
  const interval = summary.degradationInterval;
  const bounds = interval && interval[0] !== interval[1] ? ` [${signed(interval[0], digits)}, ${signed(interval[1], digits)}]` : "";
  const absolute = `${signed(summary.degradation, digits)}${bounds}`;
  return summary.degradationPct === null ? absolute : `${absolute} (${signed(summary.degradationPct, 1)}%)`;
}

function severityText(row: StressRow): string {
  if (row.severity === null) return "";
  return typeof row.severity === "number" ? `${row.severity} ${row.severityUnit}` : row.severity;
}

/**
 * A stress report as a Markdown table: per row the system cost, violating steps and comfort overflow per day with
 * their 95% intervals over the runs, each one's change against nominal (paired by seed, with the 95% interval of the
 * paired differences), and the fallback's agent-steps per day.
 */
export function stressTableMarkdown(report: Pick<StressReport, "rows">): string {
  const lines = [
    "| perturbation | severity | runs | cost $/day [95% CI] | Δ cost [95% CI] | violating steps/day | Δ violating [95% CI] | comfort overflow kWh/day | Δ comfort overflow [95% CI] | fallback agent-steps/day |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of report.rows) {
    const name = row.family === "nominal" ? "nominal" : `${row.family} / ${row.kind}`;
    const metrics = row.metrics;
    if (!metrics) {
      lines.push(`| ${name} | ${severityText(row)} | 0 | not applicable: ${row.notApplicable ?? ""} | | | | | | |`);
      continue;
    }
    const cells = [
      name,
      severityText(row),
      String(row.runs),
      withInterval(metrics.systemCostUsd, 2),
      change(metrics.systemCostUsd, 2),
      withInterval(metrics.violatingSteps, 1),
      change(metrics.violatingSteps, 1),
      withInterval(metrics.comfortOverflowKwh, 2),
      change(metrics.comfortOverflowKwh, 2),
      metrics.fallbackAgentSteps.mean.toFixed(1),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}
