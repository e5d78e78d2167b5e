import { dayTracesSchema } from "../runs/day-trace.js";
import type { RunResult } from "../runs/store.js";
import type { DayRun, DayViewerData } from "./day-figure.js";
import { cellOf } from "./derive.js";

/** The baselines every day is drawn against, where the cell has them. */
export const DAY_COMPARISONS = ["rule", "optimal"];

/**
 * The day viewer's runs: those that recorded their test days (runs made before the day viewer have none and are
 * left out), learned policies first, each cell's runs together. Undefined when no run recorded a day.
 */
export function dayViewerData(results: RunResult[], learned: string[], colors: Record<string, string>): DayViewerData | undefined {
  const runs: (DayRun & { systemCostUsd: number; learned: boolean })[] = [];
  for (const result of results) {
    const parsed = dayTracesSchema.safeParse(result.days);
    if (!parsed.success || parsed.data.days.length === 0) continue;
    runs.push({
      id: result.spec.id,
      policy: result.spec.policy,
      seed: result.spec.seed,
      cell: cellOf(result),
      days: parsed.data,
      systemCostUsd: result.metrics.systemCostUsd,
      learned: learned.includes(result.spec.policy),
    });
  }
  if (runs.length === 0) return undefined;
  const cells = [...new Set(runs.map((run) => run.cell))];
  runs.sort((a, b) => cells.indexOf(a.cell) - cells.indexOf(b.cell) || Number(b.learned) - Number(a.learned));
  const learnedRuns = runs.filter((run) => run.learned);
  const initial = learnedRuns.length > 0 ? learnedRuns.reduce((a, b) => (b.systemCostUsd < a.systemCostUsd ? b : a)) : runs[0];
  return {
    runs: runs.map(({ systemCostUsd: _cost, learned: _learned, ...run }) => run),
    initialRunId: initial.id,
    comparisons: DAY_COMPARISONS,
    colors,
  };
}
