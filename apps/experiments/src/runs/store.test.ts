import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chosenStudyDirectory, compactJson, ResultStore, type RunResult } from "./store.js";

describe("chosenStudyDirectory", () => {
  it("starts an empty folder, resumes one holding the same plan, and refuses one holding another", () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-into-"));
    expect(chosenStudyDirectory(directory, "abc")).toEqual({ directory, resumed: false });
    writeFileSync(join(directory, "plan.json"), JSON.stringify({ key: "abc" }));
    expect(chosenStudyDirectory(directory, "abc")).toEqual({ directory, resumed: true });
    expect(() => chosenStudyDirectory(directory, "xyz")).toThrow(/plan\.json: the folder holds another plan \(key abc, this study's is xyz/);
    expect(chosenStudyDirectory(directory, "xyz", (plan) => (plan as { key: string }).key === "abc")).toEqual({ directory, resumed: true });
    writeFileSync(join(directory, "plan.json"), "{ broken");
    expect(() => chosenStudyDirectory(directory, "abc")).toThrow(/plan\.json: not valid JSON/);
  });
});

describe("ResultStore", () => {
  it("keeps a failed run's record until a later attempt of it succeeds, and never lists it as a result", () => {
    const store = new ResultStore(join(mkdtempSync(join(tmpdir(), "grid-store-")), "study"));
    store.saveFailure({ id: "seed__default__idle__s0", message: "boom", stack: "Error: boom\n    at here", attempts: 2, failedAt: "2026-01-01T00:00:00.000Z" });
    expect(existsSync(store.failurePath("seed__default__idle__s0"))).toBe(true);
    expect(store.failures().map((failure) => failure.message)).toEqual(["boom"]);
    expect(store.load()).toEqual([]);
    expect(store.has("seed__default__idle__s0")).toBe(false);
    const result = { spec: { id: "seed__default__idle__s0" }, backend: "none", metrics: { systemCostUsd: 10.9 }, wallSeconds: 0.1, finishedAt: "now" } as unknown as RunResult;
    store.save(result);
    expect(existsSync(store.failurePath("seed__default__idle__s0"))).toBe(false);
    expect(store.failures()).toEqual([]);
    expect(store.load()).toEqual([result]);
  });

  it("lists no failures in a folder that never had one", () => {
    expect(new ResultStore(join(mkdtempSync(join(tmpdir(), "grid-store-")), "study")).failures()).toEqual([]);
  });

  it("writes arrays of numbers on one line", () => {
    expect(compactJson({ a: [1, -2.5, 3e-7], b: { c: "x" }, d: [[0, 1]] })).toBe('{\n "a": [1,-2.5,3e-7],\n "b": {\n  "c": "x"\n },\n "d": [\n  [0,1]\n ]\n}');
  });
});
