import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AblationRun,
  ablationTable,
  ablationTableToCsv,
  ablationTableToJson,
  ablationTableToMarkdown,
  createRandomSource,
  holmBonferroni,
  meanConfidenceInterval,
  pairedTTest,
} from "@grid/stats";
import { writeFileAtomic } from "../runs/store.js";
import type { RunResult } from "../runs/store.js";
import type { Study } from "../studies/schema.js";
import { barFigure, type Figure, lineFigure, renderFigure, traceFigure } from "./figures.js";
import { renderHtml } from "./html.js";

/** Metrics where a higher value is better; every other metric is a cost. */
const HIGHER_IS_BETTER = new Set([
  "renewableUtilization",
  "billSavingsFairness",
  "flexBurdenFairness",
  "gapClosed",
  "improvementOverGreedyPct",
  "costReductionVsGreedyPct",
  "trainEnvStepsPerSecond",
  "consumerRewardMean",
  "producerReward",
  "operatorReward",
]);

/** Where a run sits: its scenario and setting (a table's task). */
const cellOf = (result: RunResult) => `${result.spec.scenario} / ${result.spec.setting.name}`;

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

/** A one-sample comparison of a learned condition's seeds with a deterministic baseline's single value. */
interface FixedReferenceComparison {
  cell: string;
  metric: string;
  condition: string;
  reference: string;
  n: number;
  mean: number;
  referenceValue: number;
  pValue: number;
  adjustedPValue: number;
  significant: boolean;
}

/**
 * Deterministic baselines run once: their value is a constant, not a sample. A learned condition is compared with
 * it by a one-sample t-test of its seeds against that constant (the paired t-test of each seed against the
 * constant, n - 1 degrees of freedom), Holm-corrected across the whole family.
 */
function fixedReferenceComparisons(results: RunResult[], references: string[], metrics: string[], alpha: number): FixedReferenceComparison[] {
  const raw: Omit<FixedReferenceComparison, "adjustedPValue" | "significant">[] = [];
  const cells = [...new Set(results.map(cellOf))];
  for (const cell of cells) {
    const inCell = results.filter((result) => cellOf(result) === cell);
    for (const reference of references) {
      const referenceRuns = inCell.filter((result) => result.spec.policy === reference);
      if (referenceRuns.length !== 1) continue;
      for (const condition of [...new Set(inCell.filter((result) => result.spec.kind === "algorithm").map((result) => result.spec.policy))]) {
        const runs = inCell.filter((result) => result.spec.policy === condition);
        for (const metric of metrics) {
          const values = runs.map((run) => run.metrics[metric]).filter((value) => Number.isFinite(value));
          const referenceValue = referenceRuns[0].metrics[metric];
          if (values.length < 2 || !Number.isFinite(referenceValue)) continue;
          const spread = Math.max(...values) - Math.min(...values);
          if (spread === 0) continue;
          const test = pairedTTest(values, values.map(() => referenceValue));
          raw.push({ cell, metric, condition, reference, n: values.length, mean: mean(values), referenceValue, pValue: test.pValue });
        }
      }
    }
  }
  if (raw.length === 0) return [];
  const corrected = holmBonferroni(raw.map((row) => row.pValue), { alpha });
  return raw.map((row, i) => ({ ...row, adjustedPValue: corrected.adjustedPValues[i], significant: corrected.reject[i] }));
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Mean and 95% t-interval of values (the interval is the mean itself for a single value). */
function summarise(values: number[]) {
  if (values.length < 2) return { mean: values[0], low: values[0], high: values[0], n: values.length };
  const interval = meanConfidenceInterval(values, { confidence: 0.95 });
  return { mean: interval.mean, low: interval.confidenceInterval[0], high: interval.confidenceInterval[1], n: values.length };
}

const formatNumber = (value: number) =>
  !Number.isFinite(value) ? "n/a" : Math.abs(value) >= 100 ? value.toFixed(1) : Math.abs(value) >= 1 ? value.toFixed(3) : value.toPrecision(3);

/**
 * Writes the report of a study's results folder: `summary.csv`, `tables.md` (+ `tables.json`, `tables.csv`),
 * figures in SVG and PNG under `figures/`, and `report.html` gathering them (opens with no server).
 */
export async function buildReport(study: Study, rawResults: RunResult[], directory: string): Promise<{ files: string[] }> {
  const results = deriveMetrics(rawResults);
  const files: string[] = [];
  const figuresDirectory = join(directory, "figures");
  mkdirSync(figuresDirectory, { recursive: true });

  // summary.csv: one row per run, every metric.
  const metricNames = [...new Set(results.flatMap((result) => Object.keys(result.metrics)))].sort();
  const header = ["study", "scenario", "setting", "policy", "kind", "seed", "backend", "wallSeconds", ...metricNames];
  const csvRows = results.map((result) =>
    [
      study.name,
      result.spec.scenario,
      result.spec.setting.name,
      result.spec.policy,
      result.spec.kind,
      result.spec.seed,
      result.backend,
      result.wallSeconds.toFixed(2),
      ...metricNames.map((name) => (result.metrics[name] ?? "").toString()),
    ].join(","),
  );
  writeFileAtomic(join(directory, "summary.csv"), `${header.join(",")}\n${csvRows.join("\n")}\n`);
  files.push("summary.csv");

  // Tables.
  const metrics = [...study.metrics, "improvementOverGreedyPct", "costReductionVsGreedyPct"].filter((metric) =>
    results.some((result) => Number.isFinite(result.metrics[metric])),
  );
  const lowerIsBetter = Object.fromEntries(metrics.map((metric) => [metric, !HIGHER_IS_BETTER.has(metric)]));
  const markdown: string[] = [`# ${study.name}`, "", study.description, ""];
  markdown.push(
    `Runs: ${results.length}. Backend(s): ${[...new Set(results.map((result) => result.backend))].join(", ")}. ` +
      `Learning runs trained ${[...new Set(results.filter((r) => r.spec.kind === "algorithm").map((r) => r.trainEnvSteps ?? r.spec.trainSteps))].join(", ")} env-steps` +
      `${results[0]?.spec.quick ? " (quick mode)" : ""}; each evaluated on ${results[0]?.spec.evaluationDays ? `the first ${results[0].spec.evaluationDays}` : "all"} test days of its scenario. ` +
      "Deterministic baselines run once per cell (n = 1): their value is a constant, shown without an interval.",
    "",
  );
  const ablationRuns: AblationRun[] = [];
  for (const result of results) {
    const values: Record<string, number> = {};
    for (const metric of metrics) values[metric] = result.metrics[metric];
    if (metrics.every((metric) => Number.isFinite(values[metric]))) {
      ablationRuns.push({ condition: result.spec.policy, seed: result.spec.seed, task: cellOf(result), metrics: values });
    }
  }
  // Metrics that are undefined for some runs (gap closed without rule/optimal) are tabulated from the runs that have them.
  const learned = study.algorithms.map((algorithm) => algorithm.name);
  const conditions = [...new Set([...learned, ...study.baselines])].filter((name) => results.some((result) => result.spec.policy === name));
  const referenceForTable = conditions.find((name) => learned.includes(name)) ?? conditions[0];
  if (ablationRuns.length > 0 && referenceForTable) {
    const table = ablationTable(ablationRuns, {
      reference: referenceForTable,
      metrics,
      lowerIsBetter,
      conditions: conditions.filter((name) => ablationRuns.some((run) => run.condition === name)),
    });
    markdown.push(
      "## Every condition, mean [95% CI] (n seeds)",
      "",
      `Learned conditions are tested against \`${referenceForTable}\` (Welch, Holm-corrected across the table); the tests against the study's baselines follow.`,
      "",
      ablationTableToMarkdown(table),
      "",
    );
    writeFileAtomic(join(directory, "tables.json"), ablationTableToJson(table));
    writeFileAtomic(join(directory, "tables.csv"), ablationTableToCsv(table));
    files.push("tables.json", "tables.csv");
  }
  const references = [study.reference, ...study.otherReferences];
  const comparisons = fixedReferenceComparisons(results, references, metrics, 0.05);
  if (comparisons.length > 0) {
    markdown.push(
      `## Learned policies against ${references.map((name) => `\`${name}\``).join(" and ")}`,
      "",
      "One-sample t-test of the learned runs' seeds against the deterministic baseline's value, two-sided, Holm-corrected across this table. `*`: significant at 0.05 after correction.",
      "",
      "| cell | metric | policy | n | mean | reference | reference value | p (Holm) |",
      "| --- | --- | --- | ---: | ---: | --- | ---: | ---: |",
      ...comparisons.map(
        (row) =>
          `| ${row.cell} | ${row.metric} | ${row.condition} | ${row.n} | ${formatNumber(row.mean)} | ${row.reference} | ${formatNumber(row.referenceValue)} | ${row.adjustedPValue.toPrecision(2)}${row.significant ? " *" : ""} |`,
      ),
      "",
    );
  }
  markdown.push(...headline(results, learned), "", ...studySpecific(study, results), "");

  // Figures.
  const figures: Figure[] = [];
  for (const cell of [...new Set(results.map(cellOf))]) {
    const curves = learningCurveRows(results.filter((result) => cellOf(result) === cell));
    if (curves.length > 0) {
      figures.push(
        lineFigure(`learning-${slug(cell)}`, `Learning curves, ${cell} (mean and 95% CI over seeds)`, curves, {
          xTitle: "training env-steps",
          yTitle: "system cost on test days ($/day)",
          interval: "band",
        }),
      );
    }
  }
  const bars = savingRows(results);
  if (bars.length > 0) {
    figures.push(
      barFigure("costs", "System cost saved against idle, per day (mean and 95% CI over seeds)", bars, "saving against idle ($/day)"),
    );
  }
  const numeric = study.settings.filter((setting) => setting.x !== undefined);
  if (numeric.length > 1) {
    const metric = study.metrics[0];
    const rows = scalingRows(results, metric);
    if (rows.length > 0) {
      figures.push(
        lineFigure("scaling", `${metric} against ${study.xLabel ?? "the setting"}`, rows, {
          xTitle: study.xLabel ?? "setting",
          yTitle: metric,
          interval: "bars",
          logX: study.xLog,
        }),
      );
      if (results.some((result) => result.spec.setting.numConsumers !== undefined)) {
        const throughput = scalingRows(results.filter((result) => result.spec.kind === "algorithm"), "trainEnvStepsPerSecond");
        if (throughput.length > 0) {
          figures.push(
            lineFigure("throughput", "Training throughput against the number of consumers", throughput, {
              xTitle: "consumers",
              yTitle: "env-steps/s",
              interval: "bars",
              logX: true,
            }),
          );
        }
      }
    }
  }
  const trace = traceRows(results, learned);
  if (trace) figures.push(traceFigure("trace", trace.title, trace.rows));
  const svgs: { figure: Figure; svg: string }[] = [];
  for (const figure of figures) {
    svgs.push({ figure, svg: await renderFigure(figure, figuresDirectory) });
    files.push(`figures/${figure.name}.svg`, `figures/${figure.name}.png`);
  }
  markdown.push("## Figures", "", ...figures.map((figure) => `![${figure.title}](figures/${figure.name}.png)`), "");
  const tablesText = `${markdown.join("\n")}\n`;
  writeFileAtomic(join(directory, "tables.md"), tablesText);
  files.push("tables.md");
  writeFileSync(join(directory, "report.html"), renderHtml(study, tablesText, svgs));
  files.push("report.html");
  return { files };
}

/** The headline: per learned policy and cell, the improvement over greedy and the gap closed, with intervals. */
function headline(results: RunResult[], learned: string[]): string[] {
  const lines = [
    "## Headline",
    "",
    "`improvementOverGreedyPct` = 100 x (saving(policy) / saving(greedy) - 1) with saving = idle's system cost minus the policy's (the seed paper's \"165% improvement over greedy\" read as saving 2.65 times what greedy saves); `gapClosed` = (rule - policy) / (rule - optimal) on system cost. Mean [95% CI] over seeds (n). A saving counts only with zero violating steps and zero comfort overflow: a policy that curtails consumers beyond their flexibility budget (comfort overflow, kWh summed over consumers) lowers cost by dropping load, which the optimum (it keeps the budget) does not do.",
    "",
    "| cell | policy | system cost $/day | improvement over greedy % | cost reduction vs greedy % | gap closed | violating steps/day | comfort overflow kWh/day |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const format = (values: number[]) => {
    const finite = values.filter((value) => Number.isFinite(value));
    if (finite.length === 0) return "n/a";
    const summary = summarise(finite);
    return finite.length < 2 ? `${formatNumber(summary.mean)} (1)` : `${formatNumber(summary.mean)} [${formatNumber(summary.low)}, ${formatNumber(summary.high)}] (${finite.length})`;
  };
  for (const cell of [...new Set(results.map(cellOf))]) {
    const inCell = results.filter((result) => cellOf(result) === cell);
    const policies = [...new Set(inCell.map((result) => result.spec.policy))].sort(
      (a, b) => Number(learned.includes(b)) - Number(learned.includes(a)),
    );
    for (const policy of policies) {
      const runs = inCell.filter((result) => result.spec.policy === policy);
      const column = (metric: string) => format(runs.map((run) => run.metrics[metric] ?? Number.NaN));
      lines.push(
        `| ${cell} | ${policy} | ${column("systemCostUsd")} | ${column("improvementOverGreedyPct")} | ${column("costReductionVsGreedyPct")} | ${column("gapClosed")} | ${column("violatingSteps")} | ${column("comfortOverflowTotalKwh")} |`,
      );
    }
  }
  return lines;
}

/** The price of anarchy, for a study with settings named `individual` and `team` (reward structures). */
function studySpecific(study: Study, results: RunResult[]): string[] {
  const names = study.settings.map((setting) => setting.name);
  if (!names.includes("individual") || !names.includes("team")) return [];
  const lines = ["## Price of anarchy", ""];
  const random = createRandomSource(12345);
  for (const algorithm of study.algorithms.map((entry) => entry.name)) {
    for (const scenario of study.scenarios) {
      const costs = (setting: string) =>
        results
          .filter((r) => r.spec.policy === algorithm && r.spec.scenario === scenario && r.spec.setting.name === setting)
          .map((r) => r.metrics.systemCostUsd);
      const selfish = costs("individual");
      const team = costs("team");
      if (selfish.length < 2 || team.length < 2) continue;
      const ratios: number[] = [];
      for (let b = 0; b < 2000; b++) {
        const draw = (values: number[]) => mean(values.map(() => values[Math.floor(random() * values.length)]));
        ratios.push(draw(selfish) / draw(team));
      }
      ratios.sort((a, b) => a - b);
      lines.push(
        `- ${algorithm} on ${scenario}: price of anarchy = system cost with individual rewards / with the team reward = ${formatNumber(mean(selfish) / mean(team))} ` +
          `(95% percentile bootstrap over seeds [${formatNumber(ratios[49])}, ${formatNumber(ratios[1949])}], n = ${selfish.length} and ${team.length})`,
      );
    }
  }
  return lines;
}

function learningCurveRows(results: RunResult[]) {
  const rows: object[] = [];
  for (const policy of [...new Set(results.map((result) => result.spec.policy))]) {
    const curves = results.filter((result) => result.spec.policy === policy && result.learningCurve?.length).map((result) => result.learningCurve ?? []);
    if (curves.length === 0) continue;
    const points = Math.min(...curves.map((curve) => curve.length));
    for (let i = 0; i < points; i++) {
      const summary = summarise(curves.map((curve) => curve[i].systemCostUsd));
      rows.push({ series: policy, x: curves[0][i].envSteps, ...summary });
    }
  }
  return rows;
}

/** Each policy's system-cost saving against idle in the same cell (idle - policy, $/day): bars that start at zero. */
function savingRows(results: RunResult[]) {
  const rows: object[] = [];
  for (const cell of [...new Set(results.map(cellOf))]) {
    const inCell = results.filter((result) => cellOf(result) === cell);
    const idle = inCell.filter((result) => result.spec.policy === "idle").map((result) => result.metrics.systemCostUsd);
    if (idle.length === 0) continue;
    const idleCost = mean(idle);
    for (const policy of [...new Set(inCell.map((result) => result.spec.policy))]) {
      if (policy === "idle") continue;
      const runs = inCell.filter((result) => result.spec.policy === policy);
      const values = runs.map((run) => idleCost - run.metrics.systemCostUsd).filter((value) => Number.isFinite(value));
      if (values.length === 0) continue;
      rows.push({ facet: cell, condition: policy, kind: runs[0].spec.kind, ...summarise(values) });
    }
  }
  return rows;
}

function scalingRows(results: RunResult[], metric: string) {
  const rows: object[] = [];
  for (const scenario of [...new Set(results.map((result) => result.spec.scenario))]) {
    for (const policy of [...new Set(results.map((result) => result.spec.policy))]) {
      const runs = results.filter((result) => result.spec.scenario === scenario && result.spec.policy === policy && result.spec.setting.x !== undefined);
      for (const x of [...new Set(runs.map((run) => run.spec.setting.x as number))].sort((a, b) => a - b)) {
        const values = runs.filter((run) => run.spec.setting.x === x).map((run) => run.metrics[metric]).filter((value) => Number.isFinite(value));
        if (values.length > 0) rows.push({ series: policy, x, ...summarise(values) });
      }
    }
  }
  return rows;
}

/** The best learned run (lowest system cost) against rule on the same cell, over one test day. */
function traceRows(results: RunResult[], learned: string[]) {
  const candidates = results.filter((result) => learned.includes(result.spec.policy) && result.trace);
  if (candidates.length === 0) return undefined;
  const best = candidates.reduce((a, b) => (b.metrics.systemCostUsd < a.metrics.systemCostUsd ? b : a));
  const rule = results.find((result) => result.spec.policy === "rule" && cellOf(result) === cellOf(best) && result.trace);
  const rows: object[] = [];
  for (const run of rule ? [best, rule] : [best]) {
    const trace = run.trace;
    if (!trace) continue;
    const stepsPerHour = trace.netImportKw.length / 24;
    trace.netImportKw.forEach((value, step) => {
      const hour = step / stepsPerHour;
      rows.push({ policy: run.spec.policy, hour, quantity: "feeder import (kW)", value });
      rows.push({ policy: run.spec.policy, hour, quantity: "battery state of charge", value: trace.batterySoc[step] });
      rows.push({ policy: run.spec.policy, hour, quantity: "retail price ($/kWh)", value: trace.retailPrice[step] });
    });
  }
  return { title: `One test day, ${cellOf(best)}: ${best.spec.policy} (seed ${best.spec.seed}) against rule`, rows };
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-|-$/g, "");
