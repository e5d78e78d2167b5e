import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getScenario } from "@grid/env";
import { profileCsvLines } from "@grid/profiles";
import { describe, expect, it } from "vitest";
import { cliPath, sleep, waitFor } from "../testing/processes.js";

const folder = mkdtempSync(join(tmpdir(), "grid-shadow-"));
const lines = profileCsvLines(getScenario("seed").loadProfiles(), 96, 24);
const stepLines = (path: string) => (existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((line) => line.includes('"type":"step"')) : []);

describe("grid shadow", () => {
  it("reads rows from standard input as they arrive and logs each step before the stream ends", async () => {
    const log = join(folder, "live.jsonl");
    const child = spawn(process.execPath, [cliPath, "shadow", "--policy", "idle", "--baseline", "rule", "--stream", "-", "--log", log], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const bad = lines[4].replace(/,[^,]+,/, ",oops,");
    for (const line of [...lines.slice(0, 4), bad, ...lines.slice(5, 12)]) {
      child.stdin.write(`${line}\n`);
      await sleep(20);
    }
    // 11 rows in (one bad, its step held): the first 10 steps are logged while the stream is still open.
    await waitFor("10 logged steps", () => stepLines(log).length >= 10, 20_000);
    expect(child.exitCode).toBeNull();
    for (const line of lines.slice(12)) child.stdin.write(`${line}\n`);
    child.stdin.end();
    expect(await exit).toBe(0);
    const records = stepLines(log).map((line) => JSON.parse(line));
    expect(records).toHaveLength(24);
    expect(records[3]).toMatchObject({ step: 3, filled: true, line: 4 });
    expect(records[0].baseline.actions).toHaveLength(5);
    expect(output).toMatch(/stdin:5 column "base_load_kw": "oops" is not a finite number/);
    expect(output).toMatch(/24 steps \(1 held from the previous row\), 1 bad row/);
  }, 30_000);

  it("stops at a bad row with --on-bad-row stop and exits 1", async () => {
    const stream = join(folder, "feed.csv");
    writeFileSync(stream, [...lines.slice(0, 6), "2026-07-02T05:00:00Z,1,2", ...lines.slice(6)].join("\n"));
    const child = spawn(process.execPath, [cliPath, "shadow", "--policy", "idle", "--stream", stream, "--on-bad-row", "stop"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    const summary = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(summary).toMatchObject({ type: "summary", steps: 5, stoppedAtLine: 7 });
    expect(summary.badRows[0].issues[0]).toMatch(/feed\.csv:7: 3 cells; the header has 5/);
  }, 30_000);
});
