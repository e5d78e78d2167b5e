import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { studySchema } from "../studies/schema.js";
import { fakeResult, fakeStudy, fakeStudyResults } from "./__fixtures__/results.js";
import { buildReport, deriveMetrics } from "./build.js";

describe("deriveMetrics", () => {
  it("computes the gap closed and the improvement over greedy from the cell's baselines", () => {
    const results = deriveMetrics([
      fakeResult("idle", 0, 11),
      fakeResult("greedy", 0, 10.5),
      fakeResult("rule", 0, 10),
      fakeResult("optimal", 0, 8),
      fakeResult("ippo", 0, 9, { kind: "algorithm" }),
      fakeResult("ippo", 1, 9.5, { kind: "algorithm" }),
    ]);
    const ippo = results.filter((r) => r.spec.policy === "ippo");
    // gap: (rule - policy) / (rule - optimal) = (10 - 9) / 2
    expect(ippo[0].metrics.gapClosed).toBeCloseTo(0.5, 12);
    expect(ippo[1].metrics.gapClosed).toBeCloseTo(0.25, 12);
    // improvement over greedy: saving 2 (11 - 9) against greedy's 0.5: 100 x (2 / 0.5 - 1) = 300%
    expect(ippo[0].metrics.improvementOverGreedyPct).toBeCloseTo(300, 10);
    // plain cost reduction vs greedy: (10.5 - 9) / 10.5
    expect(ippo[0].metrics.costReductionVsGreedyPct).toBeCloseTo((100 * 1.5) / 10.5, 10);
    expect(results.find((r) => r.spec.policy === "rule")?.metrics.gapClosed).toBeCloseTo(0, 12);
    expect(results.find((r) => r.spec.policy === "optimal")?.metrics.gapClosed).toBeCloseTo(1, 12);
  });

  it("leaves the improvement over greedy undefined when greedy saves nothing", () => {
    const results = deriveMetrics([fakeResult("idle", 0, 10), fakeResult("greedy", 0, 10.2), fakeResult("ippo", 0, 9, { kind: "algorithm" })]);
    expect(results[2].metrics.improvementOverGreedyPct).toBeUndefined();
    expect(results[2].metrics.gapClosed).toBeUndefined();
  });
});

describe("buildReport", () => {
  const study = fakeStudy;

  it("writes the answer first, the headline, the figures, then the detail tables, the baselines' tests first", async () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-report-"));
    const failure = { id: "seed__default__ippo__s4", message: "out of memory\nmore detail", stack: "Error: out of memory", attempts: 2, failedAt: "2026-01-01T00:00:00.000Z" };
    const { files } = await buildReport(study, fakeStudyResults(), directory, [failure]);
    for (const name of ["summary.csv", "tables.md", "tables.json", "report.html", "figures/costs.svg", "figures/costs.png", "figures/day.png", "figures/learning-seed-default.svg"]) {
      expect(files).toContain(name);
      expect(existsSync(join(directory, name))).toBe(true);
    }
    const tables = readFileSync(join(directory, "tables.md"), "utf8");
    const at = (text: string) => {
      const index = tables.indexOf(text);
      expect(index, text).toBeGreaterThanOrEqual(0);
      return index;
    };
    expect(at("## Failed runs (1)")).toBeLessThan(at("**Answer.**"));
    expect(at("- `seed__default__ippo__s4`: out of memory (2 attempt(s); `failures/seed__default__ippo__s4.json`)")).toBeGreaterThan(0);
    expect(at("**Answer.**")).toBeLessThan(at("## Headline"));
    expect(at("## Headline")).toBeLessThan(at("## Figures"));
    expect(at("## Figures")).toBeLessThan(at("## Learned policies against greedy and rule, every metric"));
    expect(at("## Learned policies against greedy and rule")).toBeLessThan(at("## Every condition and metric"));
    // Units beside every metric, numbers rounded: no run of floating-point digits anywhere.
    expect(tables).toContain("| system cost ($/day) |");
    expect(tables).not.toMatch(/\d\.\d{6,}/);
  });

  it("lists cells in the order the study declares its settings, not in the runs' file-name order", async () => {
    const sizes = [3, 10, 100];
    const scaled = studySchema.parse({ ...fakeStudy, settings: sizes.map((n) => ({ name: `n-${n}`, numConsumers: n, x: n })) });
    const inSetting = (result: ReturnType<typeof fakeResult>, name: string) => ({ ...result, spec: { ...result.spec, id: `seed__${name}__${result.spec.policy}`, setting: { name, description: "", env: {} } } });
    // File-name order, as the store reads them: n-10, n-100, n-3.
    const results = ["n-10", "n-100", "n-3"].flatMap((name) => fakeStudyResults().map((result) => inSetting(result, name)));
    const directory = mkdtempSync(join(tmpdir(), "grid-report-"));
    await buildReport(scaled, results, directory);
    const tables = readFileSync(join(directory, "tables.md"), "utf8");
    const answer = tables.slice(tables.indexOf("**Answer.**"), tables.indexOf("## Headline"));
    const cells = [...answer.matchAll(/\*\*seed \/ (n-\d+)\*\*/g)].map((match) => match[1]);
    expect(cells).toEqual(["n-3", "n-10", "n-100"]);
  });

  it("makes report.html open offline: the page script and its data inline, no script or style from elsewhere", async () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-report-"));
    await buildReport(study, fakeStudyResults(), directory);
    const html = readFileSync(join(directory, "report.html"), "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    const data = JSON.parse(/<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)?.[1] ?? "null");
    expect(data.figures.map((figure: { name: string }) => figure.name)).toEqual(["costs", "learning-seed-default"]);
    // The day viewer opens on the best learned run (mappo seed 0, 8.7 $/day) and knows every run's days.
    expect(data.dayViewer.initialRunId).toBe("seed__default__mappo__s0");
    expect(data.dayViewer.runs).toHaveLength(12);
    expect(html.indexOf("<details class=\"section\">")).toBeGreaterThan(html.indexOf("id=\"day-viewer\""));
    expect(html.length).toBeLessThan(1_500_000);
  });
});
