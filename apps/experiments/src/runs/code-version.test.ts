import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { codeVersion, computeCodeVersion } from "./code-version.js";

/** An app folder like this one: its package.json, dist/, and one `@grid/*` dependency linked as pnpm does. */
function fakeApp(): { root: string; dependency: string } {
  const base = mkdtempSync(join(tmpdir(), "grid-code-version-"));
  const root = join(base, "app");
  const dependency = join(base, "packages", "env");
  mkdirSync(join(root, "dist"), { recursive: true });
  mkdirSync(join(dependency, "dist", "chunks"), { recursive: true });
  mkdirSync(join(root, "node_modules", "@grid"), { recursive: true });
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "@grid/experiments", dependencies: { "@grid/env": "workspace:*", zod: "^4" } }));
  writeFileSync(join(root, "dist", "cli.js"), "console.log('cli');\n");
  writeFileSync(join(dependency, "package.json"), JSON.stringify({ name: "@grid/env" }));
  writeFileSync(join(dependency, "dist", "index.js"), "export const step = 1;\n");
  writeFileSync(join(dependency, "dist", "chunks", "physics.js"), "export const dtHours = 0.25;\n");
  symlinkSync(dependency, join(root, "node_modules", "@grid", "env"));
  return { root, dependency };
}

describe("computeCodeVersion", () => {
  it("changes with any built JavaScript of the app or its @grid dependencies, and with nothing else", () => {
    const { root, dependency } = fakeApp();
    const first = computeCodeVersion(root);
    expect(first.id).toMatch(/^[0-9a-f]{16}$/);
    expect(computeCodeVersion(root).id).toBe(first.id);
    writeFileSync(join(root, "dist", "cli.js.map"), "{}");
    writeFileSync(join(dependency, "dist", "index.d.ts"), "export declare const step: number;\n");
    expect(computeCodeVersion(root).id).toBe(first.id);
    writeFileSync(join(dependency, "dist", "chunks", "physics.js"), "export const dtHours = 0.5;\n");
    const changed = computeCodeVersion(root).id;
    expect(changed).not.toBe(first.id);
    writeFileSync(join(root, "dist", "cli.js"), "console.log('cli, another commit');\n");
    expect(computeCodeVersion(root).id).not.toBe(changed);
  });

  it("says to build first when a dist folder is missing", () => {
    const { root, dependency } = fakeApp();
    rmSync(join(dependency, "dist"), { recursive: true });
    expect(() => computeCodeVersion(root)).toThrow(/packages\/env\/dist does not exist: build first/);
  });

  it("gives this checkout one version, whether read from the sources (a test) or from the built bundle (the CLI)", async () => {
    const version = codeVersion();
    expect(version.id).toMatch(/^[0-9a-f]{16}$/);
    const built = (await import(pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "index.js")).href)) as {
      codeVersion: typeof codeVersion;
    };
    expect(built.codeVersion()).toEqual(version);
  });
});
