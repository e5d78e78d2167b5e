import { afterEach, describe, expect, it, vi } from "vitest";
import { defineCommand, UsageError } from "../command.js";
import { alias, flag, jsonObject, numeric, renamed, text } from "./option-table.js";
import { parseCommandLine, runCli } from "./program.js";

const received: unknown[] = [];
const options = {
  steps: numeric("--steps <n>", "env-steps to train", { whole: true, atLeast: 1, unit: "env-steps" }),
  seed: numeric("--seed <n>", "seed", { whole: true, atLeast: 0 }, 0),
  algoConfig: jsonObject("--algo-config <json|file>", "algorithm configuration"),
  name: text("--name <text>", "a name", "plain"),
  json: flag("--json", "print JSON"),
};
const probe = defineCommand({
  name: "probe",
  summary: "A command to probe the parser",
  arguments: [{ name: "<what>", description: "what to probe", choices: ["this", "that"] }],
  options: {
    ...options,
    config: alias("--config <json|file>", "algoConfig", options.algoConfig),
    envFile: renamed("--env-file <file>", "--env-config"),
  },
  async run(values, positionals) {
    received.push({ values, positionals });
    if (values.name === "fail") throw new Error("the probe failed");
    if (values.name === "misuse") throw new UsageError("--name: misuse is not a name");
    return 0;
  },
});

/** Runs `grid <args>` in this process; the exit code and what went to stdout and stderr. */
async function grid(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(" ")}\n`;
  });
  const code = await runCli(args, [probe]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => {
  received.length = 0;
  vi.restoreAllMocks();
});

describe("the declarative command line", () => {
  it("parses an option table into typed values with defaults, and positionals", () => {
    const { values, positionals } = parseCommandLine(probe, ["this", "--steps", "1e3", "--algo-config", '{"epochs": 4}', "--json"]);
    expect(values).toEqual({ steps: 1000, seed: 0, algoConfig: { epochs: 4 }, name: "plain", json: true, config: undefined, envFile: undefined });
    expect(positionals).toEqual(["this"]);
  });

  it("gives an old spelling's value to its option, and refuses both at once", () => {
    expect(parseCommandLine(probe, ["that", "--config", '{"epochs": 2}']).values.algoConfig).toEqual({ epochs: 2 });
    expect(() => parseCommandLine(probe, ["that", "--config", "{}", "--algo-config", "{}"])).toThrow(/--config and --algo-config mean the same/);
  });

  it("refuses a renamed flag, a bad number, an unknown flag and a bad argument, naming each", () => {
    expect(() => parseCommandLine(probe, ["this", "--env-file", "x"])).toThrow(new UsageError("--env-file was renamed --env-config; give --env-config instead"));
    expect(() => parseCommandLine(probe, ["this", "--steps", "7.5"])).toThrow(/--steps: got "7.5"; expected a whole number of env-steps >= 1/);
    expect(() => parseCommandLine(probe, ["this", "--stesp", "7"])).toThrow(/unknown option '--stesp'/);
    expect(() => parseCommandLine(probe, ["other"])).toThrow(/'other' is invalid for argument 'what'/);
    expect(() => parseCommandLine(probe, [])).toThrow(/missing required argument 'what'/);
    expect(() => parseCommandLine(probe, ["this", "extra"])).toThrow(/too many arguments/);
  });

  it("generates each command's help from its table, old spellings left out", async () => {
    const { code, stdout } = await grid(["probe", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: grid probe [options] <what>");
    expect(stdout).toMatch(/--steps <n>\s+env-steps to train; a whole number of env-steps >=\s+1/);
    expect(stdout).toMatch(/--seed <n>\s+seed; a whole number >= 0 \(default: 0\)/);
    expect(stdout).not.toContain("--config");
    expect(stdout).not.toContain("--env-file");
    const main = await grid(["--help"]);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/probe \[options\] <what>\s+A command to probe the parser/);
  });

  it("exits 0 when done, 2 for a bad command line, 1 when the command fails, each said with the command's name", async () => {
    expect((await grid(["probe", "this"])).code).toBe(0);
    expect(received).toHaveLength(1);
    const bad = await grid(["probe", "this", "--steps", "0"]);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('grid probe: --steps: got "0"; expected a whole number of env-steps >= 1') });
    const misuse = await grid(["probe", "this", "--name", "misuse"]);
    expect(misuse).toMatchObject({ code: 2, stderr: expect.stringContaining("grid probe: --name: misuse is not a name\n(grid probe --help") });
    const unknown = await grid(["probe", "this", "--stesp", "1"]);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("grid probe: unknown option '--stesp'") });
    expect((await grid(["nothing"])).code).toBe(2);
    const failed = await grid(["probe", "this", "--name", "fail"]);
    expect(failed).toMatchObject({ code: 1, stderr: "grid probe: the probe failed\n" });
    expect((await grid([])).code).toBe(1);
  });
});
