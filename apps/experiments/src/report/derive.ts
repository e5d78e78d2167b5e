import type { RunResult } from "../runs/store.js";

/** The env-steps a learning run trained: what it recorded, else what its spec asked for (runs made before that record). */
export const trainedEnvSteps = (result: RunResult): number => result.trainEnvSteps ?? result.spec.trainSteps ?? result.spec.defaultTrainSteps;

/** Where a run sits: its scenario and setting (a table's task). */
export const cellOf = (result: RunResult) => `${result.spec.scenario} / ${result.spec.setting.name}`;

/**
 * The measures derived from a cell's baselines, added to each run's metrics (each defined once, here):
 * - `gapClosed`: (rule - policy) / (rule - optimal) on systemCostUsd: the share of the rule-to-optimum gap closed.
 * - `improvementOverGreedyPct`: 100 x (saving(policy) / saving(greedy) - 1), saving(x) = systemCostUsd(idle) -
 *   systemCostUsd(x): how much more a policy saves than the greedy heuristic, relative to what greedy saves.
 *   This is the reading under which the seed paper's "165% improvement over greedy heuristic baselines" means
 *   "saves 2.65 times what greedy saves". Undefined (omitted) when greedy saves nothing against idle.
 * - `costReductionVsGreedyPct`: 100 x (greedy - policy) / greedy on systemCostUsd, the plain reading.
 */
export function deriveMetrics(results: RunResult[]): RunResult[] {
  const byCell = new Map<string, RunResult[]>();
  for (const result of results) byCell.set(cellOf(result), [...(byCell.get(cellOf(result)) ?? []), result]);
  return results.map((result) => {
    const cell = byCell.get(cellOf(result)) ?? [];
    const cost = (policy: string) => {
      const values = cell.filter((other) => other.spec.policy === policy).map((other) => other.metrics.systemCostUsd);
      return values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : undefined;
    };
    const metrics = { ...result.metrics };
    const own = metrics.systemCostUsd;
    const rule = cost("rule");
    const optimal = cost("optimal");
    const idle = cost("idle");
    const greedy = cost("greedy");
    if (rule !== undefined && optimal !== undefined && rule - optimal > 1e-9) metrics.gapClosed = (rule - own) / (rule - optimal);
    else delete metrics.gapClosed;
    if (idle !== undefined && greedy !== undefined && idle - greedy > 1e-9) {
      metrics.improvementOverGreedyPct = 100 * ((idle - own) / (idle - greedy) - 1);
    }
    if (greedy !== undefined && greedy > 0) metrics.costReductionVsGreedyPct = (100 * (greedy - own)) / greedy;
    return { ...result, metrics };
  });
}
