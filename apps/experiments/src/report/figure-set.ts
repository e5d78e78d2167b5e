import type { RunResult } from "../runs/store.js";
import type { Study } from "../studies/schema.js";
import { type DayViewerData, dayFigureRuns, daySpec } from "./day-figure.js";
import { cellOf } from "./derive.js";
import { learningCurveData, savingData, scalingData } from "./figure-data.js";
import { barFigure, curveFigure, type Figure, policyColors } from "./figures.js";
import { metricTitle } from "../metrics.js";

const slug = (text: string) => text.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-|-$/g, "");

/** The scaling figures of a study whose settings carry an x (consumer count, alpha): the first metric, and throughput. */
function scalingFigures(study: Study, results: RunResult[], colors: Record<string, string>): Figure[] {
  if (study.settings.filter((setting) => setting.x !== undefined).length < 2) return [];
  const metric = study.metrics[0];
  const data = scalingData(results, metric);
  if (data.summaries.length === 0) return [];
  const xTitle = study.xLabel ?? "setting";
  const figures = [
    curveFigure("scaling", `${metricTitle(metric)} against ${study.xLabel ?? "the setting"}`, data, { xTitle, yTitle: metricTitle(metric), interval: "bars", logX: study.xLog, colors }),
  ];
  if (results.some((result) => result.spec.setting.numConsumers !== undefined)) {
    const throughput = scalingData(results.filter((result) => result.spec.kind === "algorithm"), "trainEnvStepsPerSecond");
    if (throughput.summaries.length > 0) {
      figures.push(
        curveFigure("throughput", "Training throughput against the number of consumers", throughput, {
          xTitle: "consumers",
          yTitle: metricTitle("trainEnvStepsPerSecond"),
          interval: "bars",
          logX: true,
          colors,
        }),
      );
    }
  }
  return figures;
}

/** The study's policies' colours: learned policies first, then the baselines, as the tables list them. */
export const studyColors = (study: Study) => policyColors([...study.algorithms.map((entry) => entry.name), ...study.baselines]);

/**
 * The report's key figures, in the order a reader looks at them: the system cost each policy saves against idle, the
 * scaling curves (studies with an x), the learning curves per cell. Each has every seed beside its mean and interval.
 */
export function keyFigures(study: Study, results: RunResult[]): Figure[] {
  const colors = studyColors(study);
  const figures: Figure[] = [];
  const savings = savingData(results);
  if (savings.summaries.length > 0) {
    figures.push(barFigure("costs", "System cost saved against idle per test day: mean, 95% CI and each seed", savings, { yTitle: "saving against idle ($/day)", colors }));
  }
  figures.push(...scalingFigures(study, results, colors));
  for (const cell of [...new Set(results.map(cellOf))]) {
    const curves = learningCurveData(results.filter((result) => cellOf(result) === cell));
    if (curves.summaries.length === 0) continue;
    figures.push(
      curveFigure(`learning-${slug(cell)}`, `Learning curves, ${cell}: mean, 95% CI and each seed`, curves, {
        xTitle: "training env-steps",
        yTitle: metricTitle("systemCostUsd"),
        interval: "band",
        colors,
      }),
    );
  }
  return figures;
}

/** The day viewer's first view as a static figure for papers: the best learned run's first test day against the baselines. */
export function dayFigure(viewer: DayViewerData): Figure {
  const runs = dayFigureRuns(viewer, viewer.initialRunId);
  const date = runs[0].traces.days[0].date;
  const title = `One test day, ${viewer.runs.find((run) => run.id === viewer.initialRunId)?.cell}: ${runs.map((run) => run.label).join(" against ")}, ${date}`;
  return { name: "day", title, spec: daySpec(runs, 0, title) };
}
