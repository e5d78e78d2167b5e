import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** What code a process runs: a coordinator and a queue worker must agree on it, or the worker refuses the run. */
export interface CodeVersion {
  /**
   * 16 hex digits of a SHA-256 over the built JavaScript of this app and of every `@grid/*` package it depends on,
   * and over the workspace's lock file (the versions of TensorFlow.js and every other dependency).
   */
  id: string;
  /** The git commit of the checkout, when there is one (for messages only: `id` is what is compared). */
  commit?: string;
}

let cached: CodeVersion | undefined;

/** This process's code version (computed once: the files are read only the first time). */
export function codeVersion(): CodeVersion {
  cached ??= computeCodeVersion(packageRoot(dirname(fileURLToPath(import.meta.url))));
  return cached;
}

/** The code version of an `@grid/experiments` package folder: its `dist/`, its `@grid/*` dependencies', its lock file. */
export function computeCodeVersion(root: string): CodeVersion {
  const hash = createHash("sha256");
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; dependencies?: Record<string, string> };
  const packages = [root, ...Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith("@grid/")).map((name) => realpathSync(join(root, "node_modules", name)))];
  for (const directory of packages) {
    const dist = join(directory, "dist");
    if (!existsSync(dist)) throw new Error(`${dist} does not exist: build first (npx -y pnpm@10.34.8 build)`);
    const name = (JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { name: string }).name;
    for (const file of javascriptFiles(dist)) hash.update(`${name}/${relative(dist, file)}\0`).update(readFileSync(file)).update("\0");
  }
  const lockFile = findUpward(root, "pnpm-lock.yaml");
  if (lockFile !== undefined) hash.update("pnpm-lock.yaml\0").update(readFileSync(lockFile));
  return { id: hash.digest("hex").slice(0, 16), ...gitCommit(root) };
}

/** Every `.js` file below `directory`, sorted (source maps and declarations do not change what runs). */
function javascriptFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The folder of the `@grid/experiments` package that holds `start` (this file, in `src/` or bundled in `dist/`). */
function packageRoot(start: string): string {
  const manifest = findUpward(start, "package.json");
  if (manifest === undefined) throw new Error(`no package.json above ${start}`);
  return dirname(manifest);
}

function findUpward(start: string, name: string): string | undefined {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, name))) return join(directory, name);
    if (dirname(directory) === directory) return undefined;
  }
}

function gitCommit(root: string): { commit?: string } {
  try {
    return { commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim() };
  } catch {
    return {};
  }
}
