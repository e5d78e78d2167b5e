import { poolPolicySeeds, type StressMeasurement, stressTableMarkdown, summarizeStress } from "@grid/robustness";
import { formatDuration } from "../runs/progress.js";
import type { RunResult } from "../runs/store.js";
import { cellOf } from "./derive.js";

/** The runs with a stress measurement, by cell and then policy (learned policies first, in the order given). */
function stressedGroups(results: RunResult[], learned: string[]): { cell: string; policy: string; measurements: StressMeasurement[] }[] {
  const groups = new Map<string, { cell: string; policy: string; measurements: StressMeasurement[] }>();
  for (const result of results) {
    if (result.stress === undefined) continue;
    const key = `${cellOf(result)}\0${result.spec.policy}`;
    const group = groups.get(key) ?? { cell: cellOf(result), policy: result.spec.policy, measurements: [] };
    group.measurements.push(result.stress);
    groups.set(key, group);
  }
  const rank = (policy: string) => (learned.includes(policy) ? learned.indexOf(policy) : learned.length);
  return [...groups.values()].sort((a, b) => a.cell.localeCompare(b.cell) || rank(a.policy) - rank(b.policy));
}

/**
 * The stress section of a study's report (runs made with the study's `stress`): for each cell and policy, one table
 * (`stressTableMarkdown` of @grid/robustness) of every perturbation family and severity against the same policy
 * unperturbed, the runs pooled over their training seeds (`poolPolicySeeds`). Empty without stressed runs.
 */
export function stressSection(results: RunResult[], learned: string[]): string[] {
  const groups = stressedGroups(results, learned);
  if (groups.length === 0) return [];
  const lines = [
    "Each policy behind the fallback (the rule acts for agents whose measurements are NaN or stale), on its run's test days, unperturbed (`nominal`) and under every case of the suite (`grid stress`'s). " +
      "One run per training seed, each the mean over its evaluation seeds of a random case; a figure is the mean over the training seeds [95% Student-t interval over them], " +
      "Δ its change against the same policy unperturbed, paired by training seed [95% interval of the paired differences]. A deterministic baseline runs once: a single value.",
    "",
  ];
  for (const group of groups) {
    const pooled = poolPolicySeeds(group.measurements);
    const seeds = `${pooled.policySeeds} training seed(s), ${pooled.evaluationSeeds} evaluation seed(s) per random case`;
    lines.push(`### ${group.policy} on ${group.cell}`, "", `${seeds}, fallback ${pooled.fallback}; stress runs took ${formatDuration(pooled.elapsedSeconds)} in all.`, "");
    lines.push(stressTableMarkdown(summarizeStress(pooled)), "");
  }
  return lines;
}
