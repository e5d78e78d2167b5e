import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { formatCsv, writeFileAtomic } from "@grid/profiles";
import { ablationTableToCsv, ablationTableToJson } from "@grid/stats";
import { formatNumber } from "../format.js";
import type { RunFailure, RunResult } from "../runs/store.js";
import { type Study, scenarioName } from "../studies/schema.js";
import { answerLines } from "./answer.js";
import { dayViewerData } from "./day-viewer-data.js";
import { deriveMetrics, trainedEnvSteps } from "./derive.js";
import { dayFigure, keyFigures, studyColors } from "./figure-set.js";
import type { Figure } from "./figures.js";
import { renderHtml } from "./html.js";
import { reportPageScript } from "./page-script.js";
import { renderFigure } from "./render.js";
import { settingsComparison, settingsComparisonMarkdown } from "./settings-table.js";
import { referenceComparisons } from "./significance.js";
import { stressSection } from "./stress-tables.js";
import { everyConditionMarkdown, everyConditionTable, headlineTable, priceOfAnarchy, referenceTable } from "./tables.js";

export { deriveMetrics } from "./derive.js";

/** `summary.csv`: one row per run, every metric at full precision (for analysis, not for reading). */
function summaryCsv(study: Study, results: RunResult[]): string {
  const metricNames = [...new Set(results.flatMap((result) => Object.keys(result.metrics)))].sort();
  const header = ["study", "scenario", "setting", "policy", "kind", "seed", "backend", "wallSeconds", ...metricNames];
  const rows = results.map((result) => [
      study.name,
      result.spec.scenario,
      result.spec.setting.name,
      result.spec.policy,
      result.spec.kind,
      result.spec.seed,
      result.backend,
      result.wallSeconds.toFixed(2),
    ...metricNames.map((name) => result.metrics[name]),
  ]);
  return formatCsv(header, rows);
}

/**
 * The runs in the order the study declares its scenarios and settings (n-3, n-10, ... n-300, not the file names'
 * n-10, n-100, n-3), so every table and figure lists its cells as the study file does; ties keep their order.
 */
function inStudyOrder(study: Study, results: RunResult[]): RunResult[] {
  const scenarios = study.scenarios.map(scenarioName);
  const settings = study.settings.map((setting) => setting.name);
  const rank = (names: string[], name: string) => (names.includes(name) ? names.indexOf(name) : names.length);
  return [...results].sort(
    (a, b) => rank(scenarios, a.spec.scenario) - rank(scenarios, b.spec.scenario) || rank(settings, a.spec.setting.name) - rank(settings, b.spec.setting.name),
  );
}

/** What the runs were: how many, on which backends, how long they trained, on which days. */
function aboutRuns(results: RunResult[]): string {
  const learning = results.filter((result) => result.spec.kind === "algorithm");
  const steps = [...new Set(learning.map((result) => formatNumber(trainedEnvSteps(result))))].join(", ");
  const days = results[0]?.spec.evaluationDays;
  return (
    `Runs: ${results.length}. Backend(s): ${[...new Set(results.map((result) => result.backend))].join(", ")}. ` +
    (learning.length > 0 ? `Learning runs trained ${steps} env-steps${results[0]?.spec.quick ? " (quick mode)" : ""}; ` : "") +
    `each run was evaluated on ${days ? `the first ${days}` : "all"} test days of its scenario. ` +
    "Deterministic baselines run once per cell (n = 1): their value is a constant, shown without an interval."
  );
}

/** The failed runs, listed where a reader sees them first, each with the file that keeps its error and stack. */
function failureLines(failures: RunFailure[]): string[] {
  if (failures.length === 0) return [];
  return [
    `## Failed runs (${failures.length})`,
    "",
    "These runs are missing from every table and figure below; their error and stack are in `failures/<id>.json`, and running the study again retries them.",
    "",
    ...failures.map(
      (failure) =>
        `- \`${failure.id}\`: ${failure.message.split("\n")[0]} (${failure.attempts} attempt(s)${failure.worker ? ` on ${failure.worker}` : ""}; \`failures/${failure.id}.json\`)`,
    ),
    "",
  ];
}

/** Renders each figure to SVG and PNG under `figures/`; returns the files written. */
async function writeFigures(figures: Figure[], directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const figure of figures) {
    await renderFigure(figure, directory);
    files.push(`figures/${figure.name}.svg`, `figures/${figure.name}.png`);
  }
  return files;
}

/**
 * Writes the report of a study's results folder: `summary.csv`, `tables.md` (+ `tables.json`, `tables.csv`),
 * figures in SVG and PNG under `figures/`, and `report.html` (opens from disk, offline). Both lead with the study's
 * question answered from the statistics, then the headline table and the key figures; the detail tables follow
 * (folded in the page), the tests against the study's baselines first.
 */
export async function buildReport(study: Study, rawResults: RunResult[], directory: string, failures: RunFailure[] = []): Promise<{ files: string[] }> {
  const results = inStudyOrder(study, deriveMetrics(rawResults));
  const files: string[] = [];
  const figuresDirectory = join(directory, "figures");
  mkdirSync(figuresDirectory, { recursive: true });
  writeFileAtomic(join(directory, "summary.csv"), summaryCsv(study, results));
  files.push("summary.csv");

  const metrics = [...study.metrics, "improvementOverGreedyPct", "costReductionVsGreedyPct"].filter((metric) =>
    results.some((result) => Number.isFinite(result.metrics[metric])),
  );
  const learned = study.algorithms.map((algorithm) => algorithm.name);
  const references = [study.reference, ...study.otherReferences];
  const comparisons = referenceComparisons(results, references, metrics);
  const lead = [...failureLines(failures), ...answerLines(study, results, comparisons), "", "## Headline", "", ...headlineTable(results, learned), ""];

  const details: { title: string; markdown: string }[] = [];
  const stress = stressSection(results, learned);
  if (stress.length > 0) details.push({ title: "Under stress: each policy against itself unperturbed", markdown: stress.join("\n") });
  if (comparisons.length > 0) {
    details.push({ title: `Learned policies against ${references.join(" and ")}, every metric`, markdown: referenceTable(comparisons).join("\n") });
  }
  const settings = settingsComparison(study, results, metrics);
  if (settings) details.push({ title: `Settings against ${settings.referenceSetting}, every metric`, markdown: settingsComparisonMarkdown(settings).join("\n") });
  const conditions = [...new Set([...learned, ...study.baselines])].filter((name) => results.some((result) => result.spec.policy === name));
  const tableReference = conditions.find((name) => learned.includes(name)) ?? conditions[0];
  const table = tableReference ? everyConditionTable(results, metrics, conditions, tableReference) : undefined;
  if (table && tableReference) {
    details.push({ title: "Every condition and metric, mean [95% CI] (n seeds)", markdown: everyConditionMarkdown(table, tableReference).join("\n") });
    writeFileAtomic(join(directory, "tables.json"), ablationTableToJson(table));
    writeFileAtomic(join(directory, "tables.csv"), ablationTableToCsv(table));
    files.push("tables.json", "tables.csv");
  }
  const anarchy = priceOfAnarchy(study, results);
  if (anarchy.length > 0) details.push({ title: "Price of anarchy", markdown: anarchy.join("\n") });
  details.push({ title: "About the runs", markdown: aboutRuns(results) });

  const figures = keyFigures(study, results);
  const viewer = dayViewerData(results, learned, studyColors(study));
  const paperFigures = viewer ? [...figures, dayFigure(viewer)] : figures;
  files.push(...(await writeFigures(paperFigures, figuresDirectory)));

  const markdown = [
    `# ${study.name}`,
    "",
    ...lead,
    "## Figures",
    "",
    ...paperFigures.map((figure) => `![${figure.title}](figures/${figure.name}.png)`),
    "",
    ...details.flatMap((section) => [`## ${section.title}`, "", section.markdown, ""]),
  ];
  writeFileAtomic(join(directory, "tables.md"), `${markdown.join("\n")}\n`);
  files.push("tables.md");
  const html = renderHtml({
    title: study.name,
    lead: lead.join("\n"),
    figures,
    dayViewer: viewer !== undefined,
    details,
    data: { figures: figures.map(({ name, spec }) => ({ name, spec })), ...(viewer ? { dayViewer: viewer } : {}) },
    script: reportPageScript(),
  });
  writeFileAtomic(join(directory, "report.html"), html);
  files.push("report.html");
  return { files };
}
