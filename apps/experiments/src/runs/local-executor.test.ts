import { describe, expect, it } from "vitest";
import { studySchema } from "../studies/schema.js";
import type { RunReport, RunTask } from "./executor.js";
import { expandStudy } from "./expand.js";
import { createLocalExecutor } from "./local-executor.js";
import type { RunFailure, RunResult } from "./store.js";

const [idle] = expandStudy(
  studySchema.parse({ name: "local-test", description: "one cheap run", scenarios: ["seed"], baselines: ["idle"], quick: { evaluationDays: 1 } }),
  { quick: true },
);
/** A run that throws on every attempt: its scenario is not registered. */
const broken: RunTask = { spec: { ...idle, id: "broken", scenario: "no-such-scenario" } };
const builtThreadEntry = new URL("../../dist/worker.js", import.meta.url);

function collect(): { report: RunReport; results: RunResult[]; failures: RunFailure[] } {
  const results: RunResult[] = [];
  const failures: RunFailure[] = [];
  return { report: { result: (result) => results.push(result), failure: (failure) => failures.push(failure), notice: () => {} }, results, failures };
}

describe("createLocalExecutor", () => {
  it("reports each run's result, and a run that throws on every attempt as a failure with its error, stack and attempts", async () => {
    const { report, results, failures } = collect();
    await createLocalExecutor({ threads: 0 }).execute({ tasks: [broken, { spec: idle }], batchId: "local-test/now", retries: 2, isSaved: () => false }, report);
    expect(results.map((result) => result.spec.id)).toEqual([idle.id]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ id: "broken", attempts: 3 });
    expect(failures[0].message).toMatch(/no-such-scenario/);
    expect(failures[0].stack).toMatch(/at /);
    expect(failures[0].worker).toBeUndefined();
  }, 60_000);

  it("gives the same result on a worker thread as in this thread", async () => {
    const inThread = collect();
    const onThread = collect();
    await createLocalExecutor({ threads: 0 }).execute({ tasks: [{ spec: idle }], batchId: "local-test/now", retries: 0, isSaved: () => false }, inThread.report);
    const pool = createLocalExecutor({ threads: 1, workerUrl: builtThreadEntry });
    expect(pool.description).toBe("local pool, 1 thread");
    await pool.execute({ tasks: [{ spec: idle }], batchId: "local-test/now", retries: 0, isSaved: () => false }, onThread.report);
    const { wallSeconds: _a, ...first } = inThread.results[0].metrics;
    const { wallSeconds: _b, ...second } = onThread.results[0].metrics;
    expect(second).toEqual(first);
    expect(onThread.results[0].days).toEqual(inThread.results[0].days);
  }, 60_000);
});
