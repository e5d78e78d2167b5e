import { describe, expect, it } from "vitest";
import { type AblationRun, ablationTable } from "./ablation-table.js";
import { benjaminiHochberg, holmBonferroni } from "./corrections.js";
import { meanConfidenceInterval } from "./descriptives.js";
import { mannWhitneyU } from "./rank-tests.js";
import { welchTTest } from "./t-tests.js";
import { StatsInputError } from "./validation.js";

function runsFrom(values: Record<string, Record<string, number[]>>, task?: string): AblationRun[] {
  const runs: AblationRun[] = [];
  for (const [condition, metrics] of Object.entries(values)) {
    const names = Object.keys(metrics);
    const count = metrics[names[0]].length;
    for (let index = 0; index < count; index++) {
      const record: Record<string, number> = {};
      for (const name of names) record[name] = metrics[name][index];
      runs.push({ condition, seed: index + 1, ...(task === undefined ? {} : { task }), metrics: record });
    }
  }
  return runs;
}

// A small example whose numbers can be checked by hand and against SciPy:
// base = 1 2 3, better = 4 5 6, meh = 2.5 3 3.5 (higher is better).
// Welch p (SciPy ttest_ind(equal_var=False)): better 0.021311641128756713, meh 0.22088084049409593.
// Holm over the family of 2: 2 x 0.0213 = 0.0426 and max(0.0426, 0.2209) = 0.2209.
const small = runsFrom({ base: { score: [1, 2, 3] }, better: { score: [4, 5, 6] }, meh: { score: [2.5, 3, 3.5] } });

describe("ablationTable on a small example", () => {
  const table = ablationTable(small, { reference: "base", metrics: ["score"] });

  it("has one cell per condition with the real n, mean, t-interval and IQM", () => {
    expect(table.cells.map((cell) => cell.condition)).toEqual(["base", "better", "meh"]);
    const better = table.cells[1];
    expect(better.n).toBe(3);
    expect(better.seeds).toEqual([1, 2, 3]);
    expect(better.mean).toBe(5);
    expect(better.standardDeviation).toBe(1);
    // 5 -/+ t(0.975, 2) / sqrt(3) = 5 -/+ 4.302652729911275 / sqrt(3).
    expect(better.confidenceInterval?.[0]).toBeCloseTo(5 - 4.302652729911275 / Math.sqrt(3), 6);
    expect(better.confidenceInterval?.[1]).toBeCloseTo(5 + 4.302652729911275 / Math.sqrt(3), 6);
    expect(table.cells[0].confidenceInterval?.[0]).toBeCloseTo(-0.48413771175033027, 6);
    expect(better.iqm).toBe(5);
    expect(table.cells[0].isReference).toBe(true);
    expect(table.cells[0].comparison).toBeNull();
  });

  it("tests against the reference and corrects across the table", () => {
    const better = table.cells[1].comparison;
    const meh = table.cells[2].comparison;
    expect(better?.pValue).toBeCloseTo(0.021311641128756713, 8);
    expect(meh?.pValue).toBeCloseTo(0.22088084049409593, 8);
    expect(better?.adjustedPValue).toBeCloseTo(2 * 0.021311641128756713, 8);
    expect(meh?.adjustedPValue).toBeCloseTo(0.22088084049409593, 8);
    expect(better?.significant).toBe(true);
    expect(meh?.significant).toBe(false);
    expect(table.familySize).toBe(2);
    expect(better?.difference).toBe(3);
    expect(better?.statistic).toBeCloseTo(3.6742346141747673, 10);
    expect(better?.degreesOfFreedom).toBeCloseTo(4, 10);
    expect(better?.direction).toBe("better");
    // d = 3 / 1; J(4) = Gamma(2) / (sqrt(2) Gamma(1.5)) = 1 / (sqrt(2) * sqrt(pi) / 2).
    expect(better?.hedgesG).toBeCloseTo(3 / ((Math.SQRT2 * Math.sqrt(Math.PI)) / 2), 10);
    expect(better?.probabilityOfImprovement).toBe(1);
    expect(better?.referenceN).toBe(3);
  });

  it("renders markdown with n, the interval, the corrected p and the mark", () => {
    const markdown = table.toMarkdown();
    expect(markdown).toContain(
      "| Metric | Condition | n | Mean [95% CI] | IQM | Δ vs reference | p | p (Holm) | Hedges' g | P(improvement) |",
    );
    expect(markdown).toContain("| score (↑) | base (reference) | 3 | 2.00 [-0.48, 4.48] | 2.00 | — | — | — | — | — |");
    expect(markdown).toContain("| score (↑) | better | 3 | 5.00 [2.52, 7.48] | 5.00 | +3.00 | 0.021 | 0.043 * | +2.39 | 1.00 |");
    // meh: g = (1 / sqrt(0.625)) J(4) = 1.0093; P(improvement) = (2 + 2.5 + 3) / 9 = 0.83.
    expect(markdown).toContain("| score (↑) | meh | 3 | 3.00 [1.76, 4.24] | 3.00 | +1.00 | 0.221 | 0.221 | +1.01 | 0.83 |");
    expect(markdown).toContain("Holm-Bonferroni correction across the 2 comparisons of the table");
    expect(markdown).toContain("Student-t interval with n − 1 degrees of freedom");
  });

  it("renders CSV with one row per cell at full precision", () => {
    const lines = table.toCsv().trim().split("\n");
    expect(lines).toHaveLength(4);
    const header = lines[0].split(",");
    const better = lines[2].split(",");
    expect(better[header.indexOf("condition")]).toBe("better");
    expect(better[header.indexOf("n")]).toBe("3");
    expect(Number(better[header.indexOf("p_value")])).toBeCloseTo(0.021311641128756713, 8);
    expect(better[header.indexOf("significant")]).toBe("true");
    expect(lines[1].split(",")[header.indexOf("p_value")]).toBe("");
  });

  it("renders JSON that round-trips the structured table", () => {
    const parsed = JSON.parse(table.toJson());
    expect(parsed.familySize).toBe(2);
    expect(parsed.cells).toHaveLength(3);
    expect(parsed.cells[1].n).toBe(3);
    expect(parsed.cells[1].comparison.adjustedPValue).toBeCloseTo(table.cells[1].comparison?.adjustedPValue ?? -1, 15);
    expect(parsed.options.reference).toBe("base");
  });
});

describe("ablationTable with several metrics and the options", () => {
  const runs = runsFrom({
    full: { cost: [9.81, 9.62, 9.95, 9.7, 9.88], peak: [8.6, 8.55, 8.71, 8.58, 8.66] },
    "no-battery": { cost: [10.9, 10.75, 11.02, 10.86, 10.95], peak: [8.97, 8.92, 9.05, 8.95, 9.01] },
    "no-forecast": { cost: [9.95, 9.71, 10.12, 9.8, 9.99], peak: [8.62, 8.7, 8.69, 8.59, 8.74] },
  });
  const valuesOf = (condition: string, metric: string) =>
    runs.filter((run) => run.condition === condition).map((run) => run.metrics[metric] as number);

  it("uses one correction family across metrics, and respects lowerIsBetter", () => {
    const table = ablationTable(runs, { reference: "full", metrics: ["cost", "peak"], lowerIsBetter: { cost: true, peak: true } });
    const raw = [
      welchTTest(valuesOf("no-battery", "cost"), valuesOf("full", "cost")).pValue,
      welchTTest(valuesOf("no-forecast", "cost"), valuesOf("full", "cost")).pValue,
      welchTTest(valuesOf("no-battery", "peak"), valuesOf("full", "peak")).pValue,
      welchTTest(valuesOf("no-forecast", "peak"), valuesOf("full", "peak")).pValue,
    ];
    const expected = holmBonferroni(raw);
    const compared = table.cells.filter((cell) => cell.comparison !== null);
    expect(compared).toHaveLength(4);
    compared.forEach((cell, index) => {
      expect(cell.comparison?.pValue).toBe(raw[index]);
      expect(cell.comparison?.adjustedPValue).toBe(expected.adjustedPValues[index]);
      expect(cell.comparison?.significant).toBe(expected.reject[index]);
    });
    const noBattery = compared[0].comparison;
    expect(noBattery?.direction).toBe("worse");
    // Lower is better: every no-battery seed costs more than every full seed.
    expect(noBattery?.probabilityOfImprovement).toBe(0);
    expect(table.cells[0].lowerIsBetter).toBe(true);
    expect(table.toMarkdown()).toContain("| cost (↓) |");
  });

  it("supports Mann-Whitney and Benjamini-Hochberg", () => {
    const table = ablationTable(runs, { reference: "full", metrics: ["cost"], test: "mann-whitney", correction: "benjamini-hochberg" });
    const raw = ["no-battery", "no-forecast"].map(
      (condition) => mannWhitneyU(valuesOf(condition, "cost"), valuesOf("full", "cost")).pValue,
    );
    const expected = benjaminiHochberg(raw);
    const compared = table.cells.filter((cell) => cell.comparison !== null);
    expect(compared.map((cell) => cell.comparison?.pValue)).toEqual(raw);
    expect(compared.map((cell) => cell.comparison?.adjustedPValue)).toEqual(expected.adjustedPValues);
    // 5 vs 5 completely separated: exact two-sided p = 2 / C(10, 5).
    expect(raw[0]).toBeCloseTo(2 / 252, 14);
    expect(compared[0].comparison?.statistic).toBe(25);
    expect(compared[0].comparison?.degreesOfFreedom).toBeNull();
    expect(table.toMarkdown()).toContain("p (BH)");
  });

  it("honours the condition order, the confidence level and fixed decimals", () => {
    const table = ablationTable(runs, {
      reference: "full",
      metrics: ["cost"],
      conditions: ["no-forecast", "full"],
      confidence: 0.9,
      correction: "none",
      decimals: 1,
    });
    expect(table.cells.map((cell) => cell.condition)).toEqual(["no-forecast", "full"]);
    const interval = meanConfidenceInterval(valuesOf("full", "cost"), { confidence: 0.9 }).confidenceInterval;
    expect(table.cells[1].confidenceInterval).toEqual(interval);
    const comparison = table.cells[0].comparison;
    expect(comparison?.adjustedPValue).toBe(comparison?.pValue);
    expect(table.toMarkdown()).toContain(`| cost (↑) | full (reference) | 5 | 9.8 [${interval[0].toFixed(1)}, ${interval[1].toFixed(1)}] |`);
    expect(table.toMarkdown()).toContain("Mean [90% CI]");
  });
});

describe("ablationTable with too few seeds or degenerate data", () => {
  it("shows the mean of a single-seed condition with no interval or test, and says so", () => {
    const runs = [...small, { condition: "once", seed: 9, metrics: { score: 4.2 } }];
    const table = ablationTable(runs, { reference: "base", metrics: ["score"] });
    const once = table.cells.find((cell) => cell.condition === "once");
    expect(once?.n).toBe(1);
    expect(once?.mean).toBe(4.2);
    expect(once?.confidenceInterval).toBeNull();
    expect(once?.standardDeviation).toBeNull();
    expect(once?.comparison).toBeNull();
    expect(once?.notes[0]).toMatch(/1 seed: mean only, no confidence interval and no test/);
    expect(table.familySize).toBe(2);
    const markdown = table.toMarkdown();
    expect(markdown).toContain("| score (↑) | once [1] | 1 | 4.20 (no CI) |");
    expect(markdown).toContain("[1] once / score: 1 seed: mean only, no confidence interval and no test");
  });

  it("says when the reference has a single seed", () => {
    const runs: AblationRun[] = [
      { condition: "ref", seed: 1, metrics: { score: 1 } },
      { condition: "alt", seed: 1, metrics: { score: 2 } },
      { condition: "alt", seed: 2, metrics: { score: 3 } },
    ];
    const table = ablationTable(runs, { reference: "ref", metrics: ["score"] });
    expect(table.familySize).toBe(0);
    expect(table.cells[1].notes).toContain('no test: the reference "ref" has only 1 seed');
    expect(table.cells[0].notes[0]).toMatch(/1 seed: mean only, no confidence interval$/);
  });

  it("reports an undefined t statistic instead of crashing (constant metrics)", () => {
    const runs = runsFrom({ ref: { violations: [0, 0, 0] }, alt: { violations: [0, 0, 0] } });
    const welch = ablationTable(runs, { reference: "ref", metrics: ["violations"] });
    expect(welch.cells[1].comparison).toBeNull();
    expect(welch.cells[1].notes.join(" ")).toMatch(/no test: both have zero variance/);
    const rank = ablationTable(runs, { reference: "ref", metrics: ["violations"], test: "mann-whitney" });
    expect(rank.cells[1].comparison?.pValue).toBe(1);
    expect(rank.cells[1].comparison?.hedgesG).toBeNull();
    expect(rank.cells[1].comparison?.direction).toBe("same");
  });

  it("leaves a run out of only the metrics it does not define (null), and says so", () => {
    const runs: AblationRun[] = [1, 2, 3].map((seed) => ({ condition: "ref", seed, metrics: { cost: seed, correlation: seed / 10 } }));
    runs.push(
      { condition: "alt", seed: 1, metrics: { cost: 4, correlation: null } },
      { condition: "alt", seed: 2, metrics: { cost: 5, correlation: 0.5 } },
      { condition: "alt", seed: 3, metrics: { cost: 6, correlation: 0.7 } },
    );
    const table = ablationTable(runs, { reference: "ref", metrics: ["cost", "correlation"] });
    const cell = (metric: string) => table.cells.find((entry) => entry.metric === metric && entry.condition === "alt");
    expect(cell("cost")?.n).toBe(3);
    expect(cell("correlation")?.n).toBe(2);
    expect(cell("correlation")?.seeds).toEqual([2, 3]);
    expect(cell("correlation")?.mean).toBeCloseTo(0.6, 12);
    expect(cell("correlation")?.notes.join(" ")).toMatch(/1 run left out: the metric is not defined for it/);
    expect(cell("cost")?.notes).toEqual([]);
  });

  it("keeps tasks apart: own rows, own reference, one family", () => {
    const runs = [
      ...runsFrom({ base: { score: [1, 2, 3] }, better: { score: [4, 5, 6] } }, "summer"),
      ...runsFrom({ base: { score: [10, 20, 30] }, better: { score: [11, 19, 32] } }, "winter"),
    ];
    const table = ablationTable(runs, { reference: "base", metrics: ["score"] });
    expect(table.tasks).toEqual(["summer", "winter"]);
    expect(table.cells.map((cell) => `${cell.task}/${cell.condition}`)).toEqual([
      "summer/base",
      "summer/better",
      "winter/base",
      "winter/better",
    ]);
    expect(table.cells[3].mean).toBeCloseTo(62 / 3, 12);
    expect(table.familySize).toBe(2);
    expect(table.cells[1].comparison?.pValue).toBeCloseTo(welchTTest([4, 5, 6], [1, 2, 3]).pValue, 15);
    expect(table.toMarkdown()).toContain("| Metric | Task | Condition |");
  });
});

describe("ablationTable input errors", () => {
  it("names the run and metric that is missing or not finite", () => {
    const missing = [...small, { condition: "x", seed: 1, metrics: {} }];
    expect(() => ablationTable(missing, { reference: "base", metrics: ["score"] })).toThrow(
      /argument "runs\[9\]\.metrics\.score" is missing \(condition "x", seed 1\)/,
    );
    const notFinite = [...small, { condition: "x", seed: 1, metrics: { score: Number.NaN } }];
    expect(() => ablationTable(notFinite, { reference: "base", metrics: ["score"] })).toThrow(/is NaN.*only finite numbers/);
  });

  it("rejects duplicate seeds, an unknown reference and unknown metric keys", () => {
    const duplicate = [...small, { condition: "base", seed: 2, metrics: { score: 9 } }];
    expect(() => ablationTable(duplicate, { reference: "base", metrics: ["score"] })).toThrow(/repeats condition "base", seed 2/);
    expect(() => ablationTable(small, { reference: "full", metrics: ["score"] })).toThrow(
      /options.reference" is "full", which has no runs; one of the conditions in runs is accepted: "base", "better", "meh"/,
    );
    expect(() => ablationTable(small, { reference: "base", metrics: ["score"], lowerIsBetter: { scor: true } })).toThrow(
      /options.lowerIsBetter.scor" names a metric not in options.metrics/,
    );
    expect(() => ablationTable([], { reference: "base", metrics: ["score"] })).toThrow(StatsInputError);
    expect(() => ablationTable(small, { reference: "base", metrics: [] })).toThrow(/options.metrics/);
  });
});
