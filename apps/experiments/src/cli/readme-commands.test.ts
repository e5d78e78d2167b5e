import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { commands } from "../commands/index.js";
import { parseCommandLine } from "./program.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

/** Every `pnpm grid ...` and `grid ...` command line a README writes in code, comments and brackets removed. */
function documentedCommandLines(path: string): string[] {
  const text = readFileSync(join(root, path), "utf8");
  const inline = [...text.matchAll(/`(?:pnpm |npx -y pnpm@[\d.]+ )?grid ([^`]+)`/g)].map((match) => match[1]);
  const blocks = [...text.matchAll(/^(?:pnpm|npx -y pnpm@[\d.]+) grid (.+)$/gm)].map((match) => match[1]);
  return [...inline, ...blocks].map((line) => line.replace(/\s+#.*$/, "").replace(/\s+/g, " ").trim());
}

/** A documented line as arguments: quotes kept together, brackets of optional parts and `|` alternatives dropped. */
function argumentsOf(line: string): string[] {
  const tokens = [...line.matchAll(/'([^']*)'|(<[^>]*>|\S+)/g)].map((match) => match[1] ?? match[2]);
  return tokens
    .map((token) => token.replace(/^\[|\]$/g, ""))
    .map((token) => (/^[NS]$/.test(token) ? "1" : token))
    .filter((token) => token !== "|" && token !== "..." && token !== "");
}

/** Commands named in prose, not written out to be typed (`grid evaluate --checkpoint` evaluates one: see above). */
const FRAGMENTS = new Set(["evaluate --checkpoint", "data inspect", "run main --quick --queue", "run --queue", "run --into <folder>"]);

/** Lines written as a synopsis (`grid <command>`, `grid train` in prose, `[--a | --b]`), not as a command to type. */
const isSynopsis = (line: string) => /\||<command>|--help|\.\.\.|\\$/.test(line) || !line.includes(" ");

describe("the command lines the READMEs document", () => {
  for (const path of ["README.md", "apps/experiments/README.md", "packages/algos/README.md", "packages/profiles/README.md", "packages/baselines/README.md"]) {
    const lines = documentedCommandLines(path).filter((line) => !isSynopsis(line) && !FRAGMENTS.has(line));
    it(`parses every command of ${path} as documented (${lines.length} lines)`, () => {
      for (const line of lines) {
        const [name, ...args] = argumentsOf(line);
        const command = commands.find((candidate) => candidate.name === name);
        expect(command, `${path}: grid ${line}`).toBeDefined();
        if (command) expect(() => parseCommandLine(command, args), `${path}: grid ${line}`).not.toThrow();
      }
    });
  }

  it("parses the flags the README describes in its prose", () => {
    const guard = join(mkdtempSync(join(tmpdir(), "grid-readme-")), "guard.json");
    writeFileSync(guard, '{"feederGuard": true}');
    const prose = [
      "run main --fresh",
      "run main --into benchmarks/studies/main",
      "run results/main/2026 --queue redis://localhost:6380",
      "run main --checkpoints checkpoints --retries 1",
      "worker --queue redis://localhost:6380 --lock-seconds 30 --concurrency 1",
      "train --algo ippo --recipe none",
      "train --algo ippo --recipe my-recipe.yaml --backend wasm",
      "train --algo ippo --scenario seed --seed 0 --time 60 --out runs/ippo-0",
      `evaluate --checkpoint runs/ippo-0 --env-config ${guard} --trace steps.csv`,
      "evaluate --policy mpc --policy-options {} --days 0-19 --json",
    ];
    for (const line of prose) {
      const [name, ...args] = line.split(" ");
      const command = commands.find((candidate) => candidate.name === name);
      expect(command, line).toBeDefined();
      if (command) expect(() => parseCommandLine(command, args), line).not.toThrow();
    }
  });
});
