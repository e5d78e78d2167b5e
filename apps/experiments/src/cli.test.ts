import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { builtinStudies } from "./studies/builtin.js";
import { sleep, startCli } from "./testing/processes.js";

/** These tests drive the built CLI (`dist/cli.js`) as a user would. */
const here = dirname(fileURLToPath(import.meta.url));
const start = (args: string[], env: Record<string, string> = {}) => startCli(args, env);
const fixture = join(here, "__fixtures__", "resume-study.json");

function runFiles(resultsRoot: string, study: string): { directory: string; files: string[] } | undefined {
  const root = join(resultsRoot, study);
  if (!existsSync(root)) return undefined;
  const [stamp] = readdirSync(root);
  if (!stamp || !existsSync(join(root, stamp, "runs"))) return undefined;
  const directory = join(root, stamp);
  return { directory, files: readdirSync(join(directory, "runs")).filter((name) => name.endsWith(".json")).sort() };
}

describe("grid train and grid evaluate --checkpoint", () => {
  it("trains with the derived recipe by default, keeps it in the checkpoint, and evaluates with the levels it was trained on", async () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-train-"));
    const out = join(directory, "ippo");
    const train = start([
      "train", "--algo", "ippo", "--steps", "2000", "--eval-every", "100000", "--out", out, "--json", "--backend", "cpu",
      "--config", '{"numEnvs": 4, "rolloutSteps": 96, "minibatches": 2, "epochs": 1, "hiddenSizes": [8]}',
    ]);
    expect(await train.exit, train.output()).toBe(0);
    expect(train.output()).toContain("recipe: actionLevels 5 (even)");
    const manifest = JSON.parse(readFileSync(join(out, "checkpoint.json"), "utf8"));
    // The flexibility budget is a hard limit unless the configuration opts out; the derived recipe's 5 levels.
    expect(manifest.envConfig).toMatchObject({ flexBudgetEnforced: true, actionLevels: 5, rewardStructure: "difference" });
    expect(manifest.recipe).toMatchObject({ actionLevels: 5, episodeStarts: "day-start", config: { gamma: 1, numEnvs: 4 } });
    expect(manifest.shape.numActions).toBe(5);
    expect(manifest.optimizers.actor.iterations).toBeGreaterThan(0);
    // The seed scenario has 3 levels; the checkpoint's 5 are used, and the output says so.
    const evaluate = start(["evaluate", "--checkpoint", out, "--days", "0-1", "--json"]);
    expect(await evaluate.exit, evaluate.output()).toBe(0);
    expect(evaluate.output()).toContain("evaluated with the checkpoint's action space (5 levels)");
    const bad = start(["train", "--algo", "ippo", "--steps", "10", "--recipe-overrides", '{"episodeStarts": "noon"}']);
    expect(await bad.exit).toBe(2);
    expect(bad.output()).toMatch(/--recipe-overrides\.episodeStarts: /);
    const raw = start(["train", "--algo", "ippo", "--recipe", "none", "--show-recipe"]);
    expect(await raw.exit).toBe(0);
    expect(JSON.parse(raw.output().slice(0, raw.output().lastIndexOf("}") + 1))).toMatchObject({ config: {}, trainingEnv: {}, episodeStarts: "any-step" });
  }, 120_000);

  it("trains with forecast features from --env-config, keeps them in the checkpoint, and evaluates with them", async () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-train-forecast-"));
    const out = join(directory, "ippo");
    const train = start([
      "train", "--algo", "ippo", "--steps", "400", "--eval-every", "100000", "--out", out, "--json", "--backend", "cpu",
      "--env-config", '{"observation": {"forecastFeatures": "lookahead", "forecastHorizonHours": 6}}',
      "--config", '{"numEnvs": 2, "rolloutSteps": 96, "minibatches": 2, "epochs": 1, "hiddenSizes": [8]}',
    ]);
    expect(await train.exit, train.output()).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "checkpoint.json"), "utf8"));
    expect(manifest.envConfig).toMatchObject({ forecastFeatures: "lookahead", forecastHorizonHours: 6 });
    expect(manifest.shape.observationSize).toBe(11 + 7);
    // The seed scenario has no forecast features; the checkpoint's are used, and the output says so.
    const evaluate = start(["evaluate", "--checkpoint", out, "--days", "0-0", "--json"]);
    expect(await evaluate.exit, evaluate.output()).toBe(0);
    expect(evaluate.output()).toContain("evaluated with the checkpoint's forecast features (lookahead, 6 h)");
  }, 120_000);
});

describe("grid run", () => {
  it("loses no finished run when killed and restarted, and resumes where it stopped", async () => {
    const resultsRoot = mkdtempSync(join(tmpdir(), "grid-resume-"));
    const args = ["run", fixture, "--quick", "--workers", "1", "--results", resultsRoot];
    const first = start(args);
    let before: { directory: string; files: string[] } | undefined;
    for (let waited = 0; waited < 120_000; waited += 100) {
      before = runFiles(resultsRoot, "resume-test");
      if ((before?.files.length ?? 0) >= 2) break;
      await sleep(100);
    }
    first.child.kill("SIGKILL");
    await first.exit;
    expect(before, first.output()).toBeDefined();
    const killed = runFiles(resultsRoot, "resume-test");
    if (!killed) throw new Error("no results folder");
    const plan = JSON.parse(readFileSync(join(killed.directory, "plan.json"), "utf8")) as { runs: string[] };
    expect(killed.files.length).toBeLessThan(plan.runs.length);
    const kept = new Map(killed.files.map((name) => [name, readFileSync(join(killed.directory, "runs", name), "utf8")]));
    const mtimes = new Map(killed.files.map((name) => [name, statSync(join(killed.directory, "runs", name)).mtimeMs]));
    for (const text of kept.values()) expect(() => JSON.parse(text)).not.toThrow();

    const second = start(args);
    expect(await second.exit, second.output()).toBe(0);
    expect(second.output()).toContain(`(resumed: ${killed.files.length} were already done)`);
    const after = runFiles(resultsRoot, "resume-test");
    expect(after?.directory).toBe(killed.directory);
    expect(after?.files.length).toBe(plan.runs.length);
    for (const [name, text] of kept) {
      expect(readFileSync(join(killed.directory, "runs", name), "utf8")).toBe(text);
      expect(statSync(join(killed.directory, "runs", name)).mtimeMs).toBe(mtimes.get(name));
    }
    for (const file of ["summary.csv", "tables.md", "report.html"]) expect(existsSync(join(killed.directory, file))).toBe(true);
  }, 240_000);

  it("rejects a bad study file naming the field", async () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-bad-study-"));
    const path = join(directory, "bad.json");
    writeFileSync(path, JSON.stringify({ name: "bad", description: "x", scenarios: ["seed"], settings: [{ name: "a", env: { feederCapacityKw: -1 } }] }));
    const run = start(["run", path, "--results", directory]);
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/study\.settings\[0\]\.env\.feederCapacityKw/);
  }, 60_000);

  it("keeps a failed run's error and stack in failures/, and lists it in the progress output, the report and grid report", async () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-failure-"));
    const path = join(directory, "failing.json");
    writeFileSync(path, JSON.stringify({ name: "failing", description: "A run that cannot load its data", scenarios: ["seed", "citylearn-2022"], baselines: ["idle"] }));
    const run = start(["run", path, "--workers", "1", "--results", directory], { GRID_CITYLEARN_DIR: join(directory, "no-such-dataset") });
    expect(await run.exit).toBe(1);
    const id = "citylearn-2022__default__idle__s0";
    expect(run.output()).toMatch(new RegExp(`FAILED ${id}: .*no-such-dataset.*\\(error and stack: .*failures/${id}\\.json\\)`));
    const folder = runFiles(directory, "failing");
    if (!folder) throw new Error(run.output());
    const failure = JSON.parse(readFileSync(join(folder.directory, "failures", `${id}.json`), "utf8"));
    expect(failure).toMatchObject({ id, attempts: 2 });
    expect(failure.message).toContain("no-such-dataset");
    expect(failure.stack).toMatch(/\n\s+at /);
    // The failure is not a finished run: the seed run is the only result, and the report shows the failure first.
    expect(folder.files).toEqual(["seed__default__idle__s0.json"]);
    const tables = readFileSync(join(folder.directory, "tables.md"), "utf8");
    expect(tables.indexOf("## Failed runs (1)")).toBeLessThan(tables.indexOf("**Answer.**"));
    expect(tables).toContain(`(2 attempt(s); \`failures/${id}.json\`)`);
    const report = start(["report", folder.directory]);
    expect(await report.exit, report.output()).toBe(0);
    expect(report.output()).toMatch(new RegExp(`failed: ${id}: .*no-such-dataset`));
  }, 120_000);

  // Every built-in study end to end in quick mode, cut to 2 seeds and short training so all four fit in CI time.
  for (const study of builtinStudies.map((entry) => entry.name)) {
    it(`runs the ${study} study end to end (quick, 2 seeds, 1,500 training steps)`, async () => {
      const resultsRoot = mkdtempSync(join(tmpdir(), `grid-smoke-${study}-`));
      const run = start(["run", study, "--quick", "--seeds", "2", "--steps", "1500", "--results", resultsRoot]);
      expect(await run.exit, run.output()).toBe(0);
      const result = runFiles(resultsRoot, study);
      if (!result) throw new Error(run.output());
      const plan = JSON.parse(readFileSync(join(result.directory, "plan.json"), "utf8")) as { runs: string[] };
      expect(result.files.length).toBe(plan.runs.length);
      const tables = readFileSync(join(result.directory, "tables.md"), "utf8");
      expect(tables).toContain("## Headline");
      const html = readFileSync(join(result.directory, "report.html"), "utf8");
      expect(html).toContain('data-figure="costs"');
      expect(html.indexOf("<strong>Answer.</strong>")).toBeLessThan(html.indexOf("<h2>Headline</h2>"));
      expect(existsSync(join(result.directory, "figures", "costs.png"))).toBe(true);
      const summary = readFileSync(join(result.directory, "summary.csv"), "utf8").trim().split("\n");
      expect(summary.length).toBe(plan.runs.length + 1);
    }, 600_000);
  }
});
