import { formatInterval } from "../format.js";
import type { RunResult } from "../runs/store.js";
import { cellOf } from "./derive.js";
import type { IntervalRow, SeedRow } from "./figures.js";
import { mean, summarise } from "./summary.js";

/** A figure's rows: each condition's mean and interval, and each seed's value. */
export interface FigureData {
  summaries: IntervalRow[];
  seeds: SeedRow[];
}

/** Adds a condition's values at one x to the figure's rows. */
function push(data: FigureData, series: string, x: number | string, runs: { seed: number; value: number }[]): void {
  const finite = runs.filter((run) => Number.isFinite(run.value));
  if (finite.length === 0) return;
  const summary = summarise(finite.map((run) => run.value));
  data.summaries.push({ series, x, ...summary, interval: formatInterval(summary.mean, summary.low, summary.high) });
  if (finite.length > 1) for (const run of finite) data.seeds.push({ series, x, seed: run.seed, value: run.value });
}

/** The learning curves of a cell's learned policies: system cost on test days against training env-steps. */
export function learningCurveData(results: RunResult[]): FigureData {
  const data: FigureData = { summaries: [], seeds: [] };
  for (const policy of [...new Set(results.map((result) => result.spec.policy))]) {
    const runs = results.filter((result) => result.spec.policy === policy && result.learningCurve?.length);
    if (runs.length === 0) continue;
    const points = Math.min(...runs.map((run) => run.learningCurve?.length ?? 0));
    for (let i = 0; i < points; i++) {
      const x = runs[0].learningCurve?.[i].envSteps ?? Number.NaN;
      push(data, policy, x, runs.map((run) => ({ seed: run.spec.seed, value: run.learningCurve?.[i].systemCostUsd ?? Number.NaN })));
    }
  }
  return data;
}

/** Each policy's system-cost saving against idle in the same cell (idle - policy, $/day): bars that start at zero. */
export function savingData(results: RunResult[]): FigureData {
  const data: FigureData = { summaries: [], seeds: [] };
  for (const cell of [...new Set(results.map(cellOf))]) {
    const inCell = results.filter((result) => cellOf(result) === cell);
    const idle = inCell.filter((result) => result.spec.policy === "idle").map((result) => result.metrics.systemCostUsd);
    if (idle.length === 0) continue;
    const idleCost = mean(idle);
    for (const policy of [...new Set(inCell.map((result) => result.spec.policy))]) {
      if (policy === "idle") continue;
      const runs = inCell.filter((result) => result.spec.policy === policy);
      push(data, policy, cell, runs.map((run) => ({ seed: run.spec.seed, value: idleCost - run.metrics.systemCostUsd })));
    }
  }
  return data;
}

/** A metric against the settings' x (consumer count, alpha), per scenario and policy. */
export function scalingData(results: RunResult[], metric: string): FigureData {
  const data: FigureData = { summaries: [], seeds: [] };
  for (const scenario of [...new Set(results.map((result) => result.spec.scenario))]) {
    for (const policy of [...new Set(results.map((result) => result.spec.policy))]) {
      const runs = results.filter((result) => result.spec.scenario === scenario && result.spec.policy === policy && result.spec.setting.x !== undefined);
      for (const x of [...new Set(runs.map((run) => run.spec.setting.x as number))].sort((a, b) => a - b)) {
        const atX = runs.filter((run) => run.spec.setting.x === x);
        push(data, policy, x, atX.map((run) => ({ seed: run.spec.seed, value: run.metrics[metric] })));
      }
    }
  }
  return data;
}
