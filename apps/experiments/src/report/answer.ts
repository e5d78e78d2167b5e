import { formatInterval, formatNumber, formatPValue, formatQuantity } from "../format.js";
import type { RunResult } from "../runs/store.js";
import type { Study } from "../studies/schema.js";
import { cellOf, trainedEnvSteps } from "./derive.js";
import { metricInfo } from "../metrics.js";
import type { ReferenceComparison } from "./significance.js";
import { type Summary, summarise } from "./summary.js";

/** The metric the answer is about: the system cost per test day. */
const HEADLINE_METRIC = "systemCostUsd";

/** A policy's headline cost with its interval and unit: `8.95 [8.66, 9.23] $/day`. */
function costText(summary: Summary): string {
  return `${formatInterval(summary.mean, summary.low, summary.high)} ${metricInfo(HEADLINE_METRIC).unit}`;
}

/** How the best learned policy stands against one baseline: the relative difference and its Holm-corrected test. */
function againstReference(best: Summary, reference: string, referenceCost: number, comparison: ReferenceComparison | undefined): string {
  const percent = (100 * (referenceCost - best.mean)) / referenceCost;
  const direction = percent >= 0 ? "below" : "above";
  const size = `${formatQuantity(Math.abs(percent), "%", { significantDigits: 2 })} ${direction} \`${reference}\` (${formatQuantity(referenceCost, metricInfo(HEADLINE_METRIC).unit)})`;
  if (!comparison) return `${size}, untested (the seeds do not vary)`;
  const p = `p ${formatPValue(comparison.adjustedPValue).startsWith("<") ? "" : "= "}${formatPValue(comparison.adjustedPValue)} Holm`;
  return comparison.significant ? `${size}, ${p}` : `${size}, not significant (${p})`;
}

/** One cell's answer: its best learned policy's cost against the study's baselines (in a study of baselines only, the cheapest baseline's), its violations and its gap. */
function cellAnswer(study: Study, inCell: RunResult[], comparisons: ReferenceComparison[]): string {
  const cell = cellOf(inCell[0]);
  const learned = study.algorithms.map((entry) => entry.name).filter((name) => inCell.some((run) => run.spec.policy === name));
  const costOf = (policy: string) => summarise(inCell.filter((run) => run.spec.policy === policy).map((run) => run.metrics[HEADLINE_METRIC]));
  const ranked = (learned.length > 0 ? learned : [...new Set(inCell.map((run) => run.spec.policy))])
    .map((policy) => ({ policy, cost: costOf(policy) }))
    .filter((entry) => Number.isFinite(entry.cost.mean))
    .sort((a, b) => a.cost.mean - b.cost.mean);
  if (ranked.length === 0) return `**${cell}**: no run has a system cost.`;
  const [best, ...others] = ranked;
  const parts = [`**${cell}**: \`${best.policy}\` costs ${costText(best.cost)} (n = ${best.cost.n})`];
  const references = [study.reference, ...study.otherReferences].filter((name) => name !== best.policy);
  for (const reference of references) {
    const referenceRuns = inCell.filter((run) => run.spec.policy === reference);
    if (referenceRuns.length === 0 || learned.length === 0) continue;
    const comparison = comparisons.find(
      (row) => row.cell === cell && row.condition === best.policy && row.reference === reference && row.metric === HEADLINE_METRIC,
    );
    parts.push(againstReference(best.cost, reference, costOf(reference).mean, comparison));
  }
  const runs = inCell.filter((run) => run.spec.policy === best.policy);
  const violations = summarise(runs.map((run) => run.metrics.violatingSteps));
  const overflow = summarise(runs.map((run) => run.metrics.comfortOverflowTotalKwh ?? 0));
  let tail = `with ${formatQuantity(violations.mean, "violating steps/day", { significantDigits: 2, trimZeros: true })}`;
  if (overflow.mean > 0) tail += ` and ${formatQuantity(overflow.mean, "kWh/day", { significantDigits: 2 })} of comfort overflow`;
  const gap = summarise(runs.map((run) => 100 * (run.metrics.gapClosed ?? Number.NaN)));
  if (gap.n > 0) tail += `; it closes ${formatInterval(gap.mean, gap.low, gap.high, 2)}% of the rule-to-optimum gap`;
  const rest = others.map((entry) => `\`${entry.policy}\` ${formatNumber(entry.cost.mean)}`).join(", ");
  const othersLabel = learned.length > 0 ? "The other learned policies" : "The other baselines";
  return `${parts.join(", ")}, ${tail}.${rest ? ` ${othersLabel}: ${rest} ${metricInfo(HEADLINE_METRIC).unit}.` : ""}`;
}

/**
 * The study's question answered from the statistics, first in the report: one sentence per cell (scenario and
 * setting) for its best learned policy, e.g. "`mappo` costs 8.95 [8.66, 9.23] $/day (n = 10), 9.2% below `rule`
 * (9.86 $/day), p = 0.0041 Holm, ...". Markdown lines.
 */
export function answerLines(study: Study, results: RunResult[], comparisons: ReferenceComparison[]): string[] {
  const lines = [`**Question.** ${study.description}`, ""];
  const learning = results.filter((run) => run.spec.kind === "algorithm");
  if (results[0]?.spec.quick && learning.length > 0) {
    const seeds = Math.max(...study.algorithms.map((entry) => learning.filter((run) => run.spec.policy === entry.name && cellOf(run) === cellOf(learning[0])).length));
    const steps = [...new Set(learning.map((run) => formatNumber(trainedEnvSteps(run))))].join(", ");
    lines.push(`**Quick mode** (${seeds} seeds, ${steps} training env-steps per run): a smoke run of the pipeline, not a result.`, "");
  }
  lines.push(
    learning.length > 0
      ? "**Answer.** System cost per test day at the day-ahead price, mean [95% t-interval] over seeds; tests are one-sample t-tests of the seeds against each deterministic baseline, Holm-corrected."
      : "**Answer.** System cost per test day at the day-ahead price of each baseline (a study of baselines only: one run of each deterministic one, nothing to test), the cheapest first.",
    "",
  );
  for (const cell of [...new Set(results.map(cellOf))]) {
    lines.push(`- ${cellAnswer(study, results.filter((run) => cellOf(run) === cell), comparisons)}`);
  }
  return lines;
}
