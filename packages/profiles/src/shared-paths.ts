import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The project's `../shared` folder (seed documents, reference traces, data sets): `GRID_SHARED_DIR` when set,
 * else the `shared` folder beside the repository root found by walking up from `from` (default: this process's
 * working directory). Throws when neither exists, saying where it looked.
 */
export function sharedDataDirectory(from: string = process.cwd()): string {
  const fromEnvironment = process.env.GRID_SHARED_DIR;
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment)) throw new Error(`GRID_SHARED_DIR=${fromEnvironment} does not exist`);
    return resolve(fromEnvironment);
  }
  let directory = resolve(from);
  for (;;) {
    if (existsSync(join(directory, "pnpm-workspace.yaml"))) {
      const candidate = resolve(directory, "..", "shared");
      if (existsSync(candidate)) return candidate;
      throw new Error(`no shared folder at ${candidate} (beside the repository root); set GRID_SHARED_DIR`);
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no repository root above ${from}; set GRID_SHARED_DIR to the shared folder`);
    directory = parent;
  }
}
