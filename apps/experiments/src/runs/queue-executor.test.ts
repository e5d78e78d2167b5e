import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, type Started, startCli, waitFor } from "../testing/processes.js";
import { freePort, type RedisServer, startRedisServer } from "../testing/redis-server.js";
import type { RunFailure, RunResult } from "./store.js";

/**
 * The queue against a real redis-server on a free loopback port, driven through the built CLI as a user would:
 * `grid run <study> --queue` as the coordinator and `grid worker --queue` processes as the workers.
 */
const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "__fixtures__");
const study = join(fixtures, "queue-study.json");
const poisoned = join(fixtures, "poison-study.json");
/** Short locks, so that a killed worker's run goes to another worker within seconds. */
const LOCK_SECONDS = "1";

let redis: RedisServer;
let local: Map<string, RunResult>;
const workers: Started[] = [];

function startWorker(args: string[] = [], env: Record<string, string> = {}, cli = cliPath): Started {
  const worker = startCli(["worker", "--queue", redis.url, "--concurrency", "1", "--lock-seconds", LOCK_SECONDS, ...args], env, cli);
  workers.push(worker);
  return worker;
}

/** Starts a worker and resolves once it is connected and says so (its name is in its first line). */
async function readyWorker(args: string[] = [], env: Record<string, string> = {}, cli = cliPath): Promise<{ worker: Started; name: string }> {
  const worker = startWorker(args, env, cli);
  await waitFor("a worker to connect", () => /worker (\S+) on /.test(worker.output()), 30_000);
  return { worker, name: /worker (\S+) on /.exec(worker.output())?.[1] ?? "" };
}

async function stopWorkers(): Promise<void> {
  for (const worker of workers.splice(0)) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGTERM");
    await worker.exit;
  }
}

/** The one results folder of a study under `root`: its runs by id, its failures, its plan's run ids. */
function folder(root: string, name: string) {
  // The study's folder exists a moment before its timestamped results folder: a poll between sees nothing yet.
  const [stamp] = existsSync(join(root, name)) ? readdirSync(join(root, name)) : [];
  const directory = join(root, name, stamp ?? "(not yet made)");
  const read = <T>(sub: string) =>
    existsSync(join(directory, sub))
      ? readdirSync(join(directory, sub))
          .filter((file) => file.endsWith(".json"))
          .map((file) => JSON.parse(readFileSync(join(directory, sub, file), "utf8")) as T)
      : [];
  return {
    directory,
    runs: new Map(read<RunResult>("runs").map((result) => [result.spec.id, result])),
    failures: read<RunFailure>("failures"),
    // The folder exists a moment before its plan is written: a poll that comes between sees no plan yet.
    plan: existsSync(join(directory, "plan.json")) ? (JSON.parse(readFileSync(join(directory, "plan.json"), "utf8")) as { runs: string[] }).runs : [],
  };
}

/** What must not depend on where a run ran: everything but its timing and its worker. */
function outcome(result: RunResult) {
  const { wallSeconds: _wall, trainEnvStepsPerSecond: _speed, ...metrics } = result.metrics;
  // A learning curve's diagnostics hold env-steps per second (charts/SPS): timing too.
  const learningCurve = result.learningCurve?.map(({ diagnostics, ...point }) => {
    const { "charts/SPS": _sps, ...rest } = diagnostics ?? {};
    return { ...point, diagnostics: rest };
  });
  return { metrics, backend: result.backend, learningCurve, days: result.days, agentRewards: result.agentRewards, consumers: result.consumers };
}

/** Progress lines of the coordinator's output naming `id` (each run ticks once). */
const ticks = (output: string, id: string) => output.split("\n").filter((line) => / runs, .* ETA /.test(line) && line.includes(` ${id}`)).length;

beforeAll(async () => {
  redis = await startRedisServer();
  const root = mkdtempSync(join(tmpdir(), "grid-queue-local-"));
  const run = startCli(["run", study, "--quick", "--workers", "1", "--results", root]);
  expect(await run.exit, run.output()).toBe(0);
  local = folder(root, "queue-test").runs;
}, 120_000);

afterAll(async () => {
  await stopWorkers();
  await redis?.stop();
});

describe("grid run --queue with grid worker processes on a real Redis", () => {
  it("gives the local pool's results, run for run, across two worker processes", async () => {
    const [first, second] = await Promise.all([readyWorker(), readyWorker()]);
    const root = mkdtempSync(join(tmpdir(), "grid-queue-equal-"));
    const run = startCli(["run", study, "--quick", "--queue", redis.url, "--results", root]);
    expect(await run.exit, run.output()).toBe(0);
    const queued = folder(root, "queue-test");
    expect([...queued.runs.keys()].sort()).toEqual([...local.keys()].sort());
    for (const [id, result] of queued.runs) {
      expect(outcome(result), id).toEqual(outcome(local.get(id) as RunResult));
      expect([first.name, second.name]).toContain(result.worker);
      expect(ticks(run.output(), id), id).toBe(1);
    }
    expect(run.output()).toContain("2 workers connected");
    await stopWorkers();
  }, 120_000);

  it("loses and duplicates nothing when a worker is killed with SIGKILL mid-run", async () => {
    const doomed = await readyWorker();
    const survivor = await readyWorker();
    const root = mkdtempSync(join(tmpdir(), "grid-queue-kill-"));
    // Longer training, so that the killed run is well under way.
    const run = startCli(["run", study, "--quick", "--steps", "20000", "--queue", redis.url, "--results", root]);
    await waitFor("the doomed worker to start a run", () => /started \S+ippo/.test(doomed.worker.output()), 60_000);
    const killed = /started \S+\/(\S+ippo__s\d)/.exec(doomed.worker.output())?.[1] as string;
    doomed.worker.child.kill("SIGKILL");
    expect(await run.exit, run.output()).toBe(0);
    const result = folder(root, "queue-test");
    expect(result.runs.size).toBe(result.plan.length);
    expect(result.failures).toEqual([]);
    expect(result.runs.get(killed)?.worker).toBe(survivor.name);
    for (const id of result.plan) expect(ticks(run.output(), id), id).toBe(1);
    await stopWorkers();
  }, 180_000);

  it("records a poisoned run with its error and stack after its retries, while the others finish", async () => {
    // The workers are pointed at no CityLearn data: that run throws on every attempt, on any worker.
    const env = { GRID_CITYLEARN_DIR: join(tmpdir(), "grid-no-such-citylearn") };
    const worker = startWorker([], env);
    startWorker([], env);
    const root = mkdtempSync(join(tmpdir(), "grid-queue-poison-"));
    const run = startCli(["run", poisoned, "--quick", "--retries", "2", "--queue", redis.url, "--results", root]);
    expect(await run.exit, run.output()).toBe(1);
    const result = folder(root, "poison-test");
    expect([...result.runs.keys()]).toEqual(["seed__default__idle__s0"]);
    expect(result.failures).toHaveLength(1);
    const [failure] = result.failures;
    expect(failure).toMatchObject({ id: "citylearn-2022__default__idle__s0", attempts: 3 });
    expect(failure.message).toMatch(/ENOENT.*grid-no-such-citylearn/);
    expect(failure.stack).toMatch(/at /);
    expect(run.output()).toMatch(/run citylearn-2022__default__idle__s0 failed after 3 attempt\(s\) on \S+/);
    expect(worker.output().length).toBeGreaterThan(0);
    expect(existsSync(join(result.directory, "tables.md"))).toBe(true);
    await stopWorkers();
  }, 120_000);

  it("resumes from the folder and the queue when the coordinator is killed, running each run once", async () => {
    const { worker } = await readyWorker();
    const root = mkdtempSync(join(tmpdir(), "grid-queue-coordinator-"));
    const args = ["run", study, "--quick", "--steps", "20000", "--queue", redis.url, "--results", root];
    const first = startCli(args);
    const runsFolder = () => (existsSync(join(root, "queue-test")) ? folder(root, "queue-test").runs.size : 0);
    await waitFor("a first result", () => runsFolder() >= 1, 60_000);
    first.child.kill("SIGKILL");
    await first.exit;
    const before = folder(root, "queue-test");
    const mtimes = new Map([...before.runs.keys()].map((id) => [id, statSync(join(before.directory, "runs", `${id}.json`)).mtimeMs]));
    // The worker finishes the run in flight (and more) while no coordinator listens; the next one collects them.
    await waitFor("the worker to finish another run", () => (worker.output().match(/finished /g) ?? []).length > before.runs.size, 60_000);
    const second = startCli(args);
    expect(await second.exit, second.output()).toBe(0);
    expect(second.output()).toContain(`(resumed: ${before.runs.size} were already done)`);
    const after = folder(root, "queue-test");
    expect(after.runs.size).toBe(after.plan.length);
    for (const [id, mtime] of mtimes) expect(statSync(join(after.directory, "runs", `${id}.json`)).mtimeMs).toBe(mtime);
    for (const id of after.plan) expect((worker.output().match(new RegExp(`started \\S+/${id} `, "g")) ?? []).length, id).toBe(1);
    await stopWorkers();
  }, 180_000);

  it("carries on when Redis restarts mid-study: workers and coordinator reconnect", async () => {
    await readyWorker();
    const root = mkdtempSync(join(tmpdir(), "grid-queue-restart-"));
    const run = startCli(["run", study, "--quick", "--steps", "20000", "--queue", redis.url, "--results", root]);
    await waitFor("a first result", () => existsSync(join(root, "queue-test")) && folder(root, "queue-test").runs.size >= 1, 60_000);
    await redis.restart();
    expect(await run.exit, run.output()).toBe(0);
    const result = folder(root, "queue-test");
    expect(result.runs.size).toBe(result.plan.length);
    for (const id of result.plan) expect(ticks(run.output(), id), id).toBe(1);
    await stopWorkers();
  }, 180_000);

  it("fails within seconds, writing nothing, on an unreachable or password-protected Redis without the password", async () => {
    const root = mkdtempSync(join(tmpdir(), "grid-queue-unreachable-"));
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const run = startCli(["run", study, "--quick", "--queue", closed, "--results", root]);
    expect(await run.exit).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.output()).toMatch(/cannot use the queue at redis:\/\/127\.0\.0\.1:\d+\/0: nothing listens there/);
    const worker = startCli(["worker", "--queue", closed]);
    expect(await worker.exit).toBe(1);
    expect(worker.output()).toMatch(/nothing listens there/);
    const guarded = await startRedisServer({ password: "s3cret" });
    try {
      const noPassword = startCli(["run", study, "--quick", "--queue", guarded.url.replace(":s3cret@", ""), "--results", root]);
      expect(await noPassword.exit).toBe(1);
      expect(noPassword.output()).toMatch(/Redis asks for a password; put it in the URL/);
      const wrong = startCli(["run", study, "--quick", "--queue", guarded.url.replace("s3cret", "wrong"), "--results", root]);
      expect(await wrong.exit).toBe(1);
      expect(wrong.output()).toMatch(/redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0: Redis refused the password/);
    } finally {
      await guarded.stop();
    }
    expect(readdirSync(root)).toEqual([]);
  }, 60_000);

  it("has a worker that lacks the study's backend refuse its learning runs and stop", async () => {
    // A database of its own, so that the runs left queued do not reach the other tests' workers.
    const url = `${redis.url}/1`;
    const refuser = startCli(["worker", "--queue", url, "--concurrency", "1"]);
    workers.push(refuser);
    const root = mkdtempSync(join(tmpdir(), "grid-queue-backend-"));
    // The native backend (@tensorflow/tfjs-node) is not installed here; the coordinator trains nothing itself.
    const run = startCli(["run", study, "--quick", "--queue", url, "--results", root], { GRID_BACKEND: "tensorflow" });
    expect(await refuser.exit, refuser.output()).toBe(1);
    expect(refuser.output()).toMatch(/refusing \S+ippo__s\d: the study trains on backend tensorflow, which this machine lacks \(it has wasm, cpu\)/);
    await waitFor("the coordinator to report the refusal", () => /refused \S+: the study trains on backend tensorflow/.test(run.output()), 30_000);
    run.child.kill("SIGTERM");
    await run.exit;
    const unknown = startCli(["run", study, "--quick", "--queue", url, "--results", root], { GRID_BACKEND: "tpu" });
    expect(await unknown.exit).toBe(1);
    expect(unknown.output()).toMatch(/backend "tpu" \(GRID_BACKEND\) is unknown; expected one of tensorflow-gpu, tensorflow, wasm, cpu/);
  }, 60_000);

  it("keeps queued runs' checkpoints in the directory asked for, and none by default", async () => {
    await readyWorker();
    const root = mkdtempSync(join(tmpdir(), "grid-queue-checkpoints-"));
    const shared = mkdtempSync(join(tmpdir(), "grid-shared-checkpoints-"));
    const run = startCli(["run", study, "--quick", "--queue", redis.url, "--checkpoints", shared, "--results", root]);
    expect(await run.exit, run.output()).toBe(0);
    const result = folder(root, "queue-test");
    const { batch: batchId } = JSON.parse(readFileSync(join(result.directory, "plan.json"), "utf8")) as { batch: string };
    expect(batchId).toMatch(new RegExp(`^queue-test/${basename(result.directory)}-[0-9a-f]{8}$`));
    const batch = join(shared, batchId);
    expect(run.output()).toContain(`checkpoints: ${batch}`);
    for (const [id, runResult] of result.runs) {
      if (runResult.spec.kind === "baseline") expect(runResult.checkpoint, id).toBeUndefined();
      else {
        expect(runResult.checkpoint).toBe(join(batch, id));
        expect(existsSync(join(batch, id, "checkpoint.json")), id).toBe(true);
      }
    }
    expect(readdirSync(batch).sort()).toEqual([...result.runs.values()].filter((entry) => entry.spec.kind === "algorithm").map((entry) => entry.spec.id).sort());
    for (const runResult of local.values()) expect(runResult.checkpoint).toBeUndefined();
    await stopWorkers();
  }, 120_000);

  it("has a worker on other code refuse the run and stop, and the run go to a worker on the coordinator's code", async () => {
    // Another build: this app's dist with one line changed, resolving the same dependencies.
    const other = mkdtempSync(join(tmpdir(), "grid-other-build-"));
    const app = join(dirname(cliPath), "..");
    cpSync(join(app, "package.json"), join(other, "package.json"));
    cpSync(join(app, "dist"), join(other, "dist"), { recursive: true });
    writeFileSync(join(other, "dist", "worker.js"), `${readFileSync(join(other, "dist", "worker.js"), "utf8")}\n// another commit\n`);
    mkdirSync(join(other, "node_modules"));
    for (const entry of readdirSync(join(app, "node_modules"))) symlinkSync(join(app, "node_modules", entry), join(other, "node_modules", entry));
    const stranger = await readyWorker([], {}, join(other, "dist", "cli.js"));
    const root = mkdtempSync(join(tmpdir(), "grid-queue-refuse-"));
    const run = startCli(["run", study, "--quick", "--queue", redis.url, "--results", root]);
    expect(await stranger.worker.exit, stranger.worker.output()).toBe(1);
    expect(stranger.worker.output()).toMatch(/refusing \S+: the coordinator runs code \w+ .*this worker \w+/);
    await waitFor("the coordinator to report the refusal", () => /worker \S+ refused \S+: the coordinator runs code/.test(run.output()), 30_000);
    const { name } = await readyWorker();
    expect(await run.exit, run.output()).toBe(0);
    const result = folder(root, "queue-test");
    expect(result.runs.size).toBe(result.plan.length);
    for (const runResult of result.runs.values()) expect(runResult.worker).toBe(name);
    await stopWorkers();
  }, 120_000);
});
