// Wall time of a study on the local worker-thread pool against one and two `grid worker` processes on a loopback
// Redis, the queue's overhead per run, and whether the queued results equal the local pool's run for run.
// Usage: npx -y pnpm@10.34.8 run bench:queue [-- --study main --runs 200]
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startRedisServer } from "@grid/experiments/testing";

const cli = new URL("../apps/experiments/dist/cli.js", import.meta.url).pathname;
const { values } = parseArgs({ options: { study: { type: "string", default: "main" }, runs: { type: "string", default: "200" } } });
const scratch = mkdtempSync(join(tmpdir(), "grid-bench-queue-"));

/** Runs `grid <args>` to its end; resolves with its exit code, output and wall seconds. */
function grid(args) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "true" } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output, seconds: (performance.now() - started) / 1000 })));
}

/** Starts `count` workers of `concurrency` runs each and resolves once all are connected. */
async function startWorkers(url, count, concurrency) {
  const workers = [];
  for (let index = 0; index < count; index++) {
    const child = spawn(process.execPath, [cli, "worker", "--queue", url, "--concurrency", String(concurrency)], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    workers.push({ child, output: () => output, exit: new Promise((resolve) => child.on("exit", resolve)) });
  }
  for (const worker of workers) while (!/worker \S+ on /.test(worker.output())) await new Promise((resolve) => setTimeout(resolve, 50));
  return workers;
}

async function stopWorkers(workers) {
  for (const worker of workers) worker.child.kill("SIGTERM");
  await Promise.all(workers.map((worker) => worker.exit));
}

/**
 * Runs a study (`studyArgs`) locally or on `workers` x `concurrency` queue workers: its wall time, its results, and
 * its run phase (from plan.json written to the last run persisted) against the runs' own time (their wallSeconds).
 */
async function timeStudy(redis, studyArgs, placement) {
  const results = mkdtempSync(join(scratch, "results-"));
  const workers = placement.workers ? await startWorkers(redis.url, placement.workers, placement.concurrency) : [];
  const where = placement.workers ? ["--queue", redis.url] : placement.threads === undefined ? [] : ["--workers", String(placement.threads)];
  const run = await grid(["run", ...studyArgs, ...where, "--results", results]);
  await stopWorkers(workers);
  if (run.code !== 0) throw new Error(`grid run ${studyArgs.join(" ")} ${where.join(" ")} failed:\n${run.output}`);
  const [name] = readdirSync(results);
  const [stamp] = readdirSync(join(results, name));
  const runs = join(results, name, stamp, "runs");
  const files = readdirSync(runs).map((file) => join(runs, file));
  const byId = new Map(files.map((file) => [JSON.parse(readFileSync(file, "utf8")).spec.id, JSON.parse(readFileSync(file, "utf8"))]));
  const lastPersisted = Math.max(...files.map((file) => statSync(file).mtimeMs));
  const phaseSeconds = (lastPersisted - statSync(join(results, name, stamp, "plan.json")).mtimeMs) / 1000;
  const runSeconds = [...byId.values()].reduce((total, result) => total + result.wallSeconds, 0);
  return { seconds: run.seconds, runs: byId, phaseSeconds, runSeconds };
}

/** Whether two studies' runs have equal metrics run for run (all but wall time and training speed). */
function sameResults(a, b) {
  const outcome = (result) => {
    const { wallSeconds: _wall, trainEnvStepsPerSecond: _speed, ...metrics } = result.metrics;
    return JSON.stringify({ metrics, backend: result.backend, learningCurve: result.learningCurve, trace: result.trace });
  };
  if (a.size !== b.size) return `${a.size} runs against ${b.size}`;
  const differing = [...a.keys()].filter((id) => !b.has(id) || outcome(a.get(id)) !== outcome(b.get(id)));
  return differing.length === 0 ? "equal" : `differ: ${differing.join(", ")}`;
}

/** A study of `count` cheap runs (the random baseline on one test day, one seed each), for the overhead per run. */
function cheapStudy(count) {
  const path = join(scratch, `cheap-${count}.json`);
  const quick = { seeds: count, evaluationDays: 1 };
  writeFileSync(path, JSON.stringify({ name: `cheap-${count}`, description: "overhead probe", scenarios: ["seed"], baselines: ["random"], seeds: count, quick }));
  return [path, "--quick"];
}

const redis = await startRedisServer();
try {
  console.log(`load average before: ${loadavg().map((value) => value.toFixed(2)).join(" ")}`);
  const studyArgs = [values.study, "--quick"];
  const local = await timeStudy(redis, studyArgs, {});
  const one = await timeStudy(redis, studyArgs, { workers: 1, concurrency: 2 });
  const two = await timeStudy(redis, studyArgs, { workers: 2, concurrency: 1 });
  console.log(`\n| ${values.study} --quick (${local.runs.size} runs) | wall time | results against the local pool |\n| --- | ---: | --- |`);
  console.log(`| local pool, 2 threads | ${local.seconds.toFixed(1)} s | - |`);
  console.log(`| queue, 1 worker process x 2 | ${one.seconds.toFixed(1)} s | ${sameResults(local.runs, one.runs)} |`);
  console.log(`| queue, 2 worker processes x 1 | ${two.seconds.toFixed(1)} s | ${sameResults(local.runs, two.runs)} |`);

  // Cheap runs one at a time, locally and through the queue: what each run costs beyond its own execution.
  const count = Number(values.runs);
  const cheap = cheapStudy(count);
  console.log(`\n| ${count} cheap runs, one at a time | run phase | per run | the run itself | overhead per run |\n| --- | ---: | ---: | ---: | ---: |`);
  for (const [label, placement] of [["local pool, 1 thread", { threads: 1 }], ["queue, 1 worker x 1", { workers: 1, concurrency: 1 }]]) {
    const { phaseSeconds, runSeconds } = await timeStudy(redis, cheap, placement);
    const perRun = (phaseSeconds / count) * 1000;
    const itself = (runSeconds / count) * 1000;
    console.log(`| ${label} | ${phaseSeconds.toFixed(2)} s | ${perRun.toFixed(1)} ms | ${itself.toFixed(1)} ms | ${(perRun - itself).toFixed(1)} ms |`);
  }
  console.log(`load average after: ${loadavg().map((value) => value.toFixed(2)).join(" ")}`);
} finally {
  await redis.stop();
  rmSync(scratch, { recursive: true, force: true });
}
