import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chosenStudyDirectory } from "./store.js";

describe("chosenStudyDirectory", () => {
  it("starts an empty folder, resumes one holding the same plan, and refuses one holding another", () => {
    const directory = mkdtempSync(join(tmpdir(), "grid-into-"));
    expect(chosenStudyDirectory(directory, "abc")).toEqual({ directory, resumed: false });
    writeFileSync(join(directory, "plan.json"), JSON.stringify({ key: "abc" }));
    expect(chosenStudyDirectory(directory, "abc")).toEqual({ directory, resumed: true });
    expect(() => chosenStudyDirectory(directory, "xyz")).toThrow(/plan\.json: the folder holds another plan \(key abc, this study's is xyz/);
    writeFileSync(join(directory, "plan.json"), "{ broken");
    expect(() => chosenStudyDirectory(directory, "abc")).toThrow(/plan\.json: not valid JSON/);
  });
});
