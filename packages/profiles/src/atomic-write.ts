import { renameSync, rmSync, writeFileSync } from "node:fs";

let writeCount = 0;

/**
 * The temporary file {@link writeFileAtomic} writes first: beside `path`, in the same folder (so the rename
 * that follows stays on one file system and is atomic), named by the process and a counter so that two
 * writers never share one.
 */
export function atomicTemporaryPath(path: string): string {
  writeCount += 1;
  return `${path}.${process.pid}.${Date.now()}.${writeCount}.tmp`;
}

/**
 * Writes one file atomically: the contents go to a temporary file beside it, which is then renamed over `path`,
 * so a reader sees the old file or the new one, never half of one. If the write or the rename throws, the
 * temporary file is removed and the error rethrown; an existing file at `path` is left as it was.
 * (The checkpoint writer in `@grid/algos`, which swaps a whole folder, is separate.)
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  const temporary = atomicTemporaryPath(path);
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
