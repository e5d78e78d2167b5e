import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { studyVocabulary } from "../commands/vocabulary.js";
import { buildReport } from "../report/build.js";
import { builtinStudies } from "../studies/builtin.js";
import { parseStudy } from "../studies/load.js";
import { createLocalExecutor } from "./local-executor.js";
import { runStudy } from "./runner.js";
import type { RunResult } from "./store.js";

describe("the built-in stress study", () => {
  it("keeps every run's stress figures in its run file and reports them per policy, pooled over training seeds", async () => {
    const study = parseStudy(
      builtinStudies.find((entry) => entry.name === "stress"),
      await studyVocabulary(),
    );
    const resultsRoot = mkdtempSync(join(tmpdir(), "grid-stress-study-"));
    const outcome = await runStudy(study, { quick: true, executor: createLocalExecutor({ threads: 0 }), resultsRoot });
    expect(outcome.failures).toEqual([]);
    const suite = study.quick.stress!;
    const rows = ["nominal/none", ...suite.perturbations.map((perturbation) => `${perturbation.family}/${perturbation.kind}`)];
    for (const id of ["seed__default__ippo__s0", "seed__default__ippo__s1", "seed__default__idle__s0", "seed__default__rule__s0"]) {
      const run = JSON.parse(readFileSync(join(outcome.directory, "runs", `${id}.json`), "utf8")) as RunResult;
      expect(run.stress?.cases.map((row) => `${row.family}/${row.kind}`)).toEqual(rows);
      expect(run.stress?.policySeeds).toBe(1);
      // One evaluation seed of one test day per case: numbers, not traces.
      for (const row of run.stress?.cases ?? []) expect(row.runs).toEqual([[expect.objectContaining({ episodes: 1, systemCostUsd: expect.any(Number) })]]);
    }
    await buildReport(study, outcome.results, outcome.directory);
    const tables = readFileSync(join(outcome.directory, "tables.md"), "utf8");
    const section = tables.slice(tables.indexOf("## Under stress"), tables.indexOf("\n## ", tables.indexOf("## Under stress") + 1));
    expect(section).toContain("### ippo on seed / default\n\n2 training seed(s), 1 evaluation seed(s) per random case, fallback rule");
    expect(section).toContain("### rule on seed / default\n\n1 training seed(s)");
    // Per policy: the header, the nominal row and one row per case; ippo's with intervals over its 2 training seeds.
    expect(section.match(/^\| perturbation \| severity \|/gm)).toHaveLength(3);
    expect(section).toMatch(/^\| nominal \| {2}\| 2 \| [\d.]+ \[[\d.-]+, [\d.-]+\] \| 0\.00/m);
    expect(section).toMatch(/^\| sensor \/ missing \| 4 h \| 2 \| /m);
    expect(section).toMatch(/^\| weather \/ heat-wave \| 0\.4 load increase \| 2 \| [\d.]+ \[[\d.-]+, [\d.-]+\] \| \+[\d.]+/m);
    expect(section).toMatch(/^\| weather \/ heat-wave \| 0\.4 load increase \| 1 \| [\d.]+ \| \+[\d.]+/m);
  }, 60_000);
});
