import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { atomicTemporaryPath, writeFileAtomic } from "./atomic-write.js";

const folder = mkdtempSync(join(tmpdir(), "atomic-write-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("writes text and bytes, replacing an existing file", () => {
    const path = join(folder, "summary.csv");
    writeFileAtomic(path, "a,b\n1,2\n");
    expect(readFileSync(path, "utf8")).toBe("a,b\n1,2\n");
    writeFileAtomic(path, new Uint8Array([104, 105]));
    expect(readFileSync(path, "utf8")).toBe("hi");
    expect(readdirSync(folder).filter((name) => name.startsWith("summary.csv"))).toEqual(["summary.csv"]);
  });

  it("puts the temporary file in the same folder as the target, under a new name each time", () => {
    const path = join(folder, "nested", "run.json");
    const first = atomicTemporaryPath(path);
    expect(dirname(first)).toBe(dirname(path));
    expect(first.startsWith(`${path}.`)).toBe(true);
    expect(first.endsWith(".tmp")).toBe(true);
    expect(atomicTemporaryPath(path)).not.toBe(first);
  });

  it("leaves no partial or temporary file when the rename throws, and keeps what was there", () => {
    const caseFolder = join(folder, "rename-fails");
    const target = join(caseFolder, "report.html");
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, "kept.txt"), "old");
    expect(() => writeFileAtomic(target, "<html>new</html>")).toThrow();
    expect(readdirSync(caseFolder)).toEqual(["report.html"]);
    expect(readFileSync(join(target, "kept.txt"), "utf8")).toBe("old");
  });

  it("leaves no file when the write throws", () => {
    const caseFolder = join(folder, "write-fails");
    mkdirSync(caseFolder);
    const contents = 42 as unknown as string;
    expect(() => writeFileAtomic(join(caseFolder, "tables.csv"), contents)).toThrow();
    expect(readdirSync(caseFolder)).toEqual([]);
  });

  it("throws when the folder does not exist, creating nothing", () => {
    expect(() => writeFileAtomic(join(folder, "missing", "plan.json"), "{}")).toThrow(/ENOENT/);
    expect(readdirSync(folder)).not.toContain("missing");
  });
});
