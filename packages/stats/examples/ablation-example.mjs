// Prints the example ablation table of the README. The runs are SYNTHETIC:
// drawn from normal distributions with the means below, seeded, to show the
// table's format; they are not results of any experiment.
// Run after building: node packages/stats/examples/ablation-example.mjs
import { ablationTable, createRandomSource, stratifiedBootstrapConfidenceInterval } from "../dist/index.js";

const uniform = createRandomSource(7);
const normal = () => {
  let u = 0;
  while (u === 0) u = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
};

// condition -> [seeds, cost mean, cost sd, peak mean, peak sd]
const conditions = {
  full: [5, 9.8, 0.15, 8.6, 0.06],
  "no-battery-control": [5, 10.9, 0.12, 9.0, 0.05],
  "no-forecast": [5, 9.9, 0.2, 8.65, 0.07],
  "single-seed-probe": [1, 9.7, 0.15, 8.6, 0.06],
};
const runs = [];
for (const [condition, [seeds, costMean, costSd, peakMean, peakSd]] of Object.entries(conditions)) {
  for (let seed = 0; seed < seeds; seed++) {
    runs.push({
      condition,
      seed,
      metrics: { cost: costMean + costSd * normal(), peak: peakMean + peakSd * normal() },
    });
  }
}

const table = ablationTable(runs, {
  reference: "full",
  metrics: ["cost", "peak"],
  lowerIsBetter: { cost: true, peak: true },
});
console.log(table.toMarkdown());

const interval = stratifiedBootstrapConfidenceInterval(
  { summer: [0.61, 0.72, 0.55, 0.8, 0.67], winter: [0.42, 0.5, 0.47, 0.39, 0.58] },
  "iqm",
  { seed: 1, resamples: 2000 },
);
console.log(JSON.stringify(interval));
