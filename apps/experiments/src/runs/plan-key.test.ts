import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planStudy, readStudyFile, type StudyVocabulary } from "../studies/load.js";
import { expandStudy } from "./expand.js";
import { datasetFingerprint, extendsPlan, planKeyOf, studyForPlan } from "./plan-key.js";

const vocabulary: StudyVocabulary = { scenarios: ["seed"], algorithms: ["ippo"], baselines: ["idle", "rule", "greedy"] };
const HEADER = "timestamp,base_load_kw,solar_kw,temperature_c,day_ahead_price\n";

/** A checkout with a study file and its dataset, at `root`. */
function checkout(root: string, rows: string): string {
  mkdirSync(join(root, "data"), { recursive: true });
  writeFileSync(join(root, "data", "mine.csv"), HEADER + rows);
  writeFileSync(join(root, "study.yaml"), "name: mine\ndescription: own data\nscenarios: [{ dataset: data/mine.csv, name: mine }]\nbaselines: [idle]\n");
  return join(root, "study.yaml");
}

describe("plan keys and plans that travel", () => {
  it("gives the same study over the same data the same key at another path, and other data another key", () => {
    const base = mkdtempSync(join(tmpdir(), "grid-plan-"));
    const keyAt = (path: string) => {
      const study = readStudyFile(path, vocabulary);
      return planKeyOf(study, expandStudy(study));
    };
    const here = checkout(join(base, "here"), "2026-01-01T00:00:00Z,1,0,10,0.1\n");
    cpSync(join(base, "here"), join(base, "elsewhere", "deeper"), { recursive: true });
    const changed = checkout(join(base, "changed"), "2026-01-01T00:00:00Z,2,0,10,0.1\n");
    expect(keyAt(join(base, "elsewhere", "deeper", "study.yaml"))).toBe(keyAt(here));
    expect(keyAt(changed)).not.toBe(keyAt(here));
  });

  it("keys a study on the derived recipe by the version of recipeFor's rules, the first rules' plans as before", () => {
    const study = readStudyFile(checkout(mkdtempSync(join(tmpdir(), "grid-plan-")), "2026-01-01T00:00:00Z,1,0,10,0.1\n"), vocabulary);
    const learning = { ...study, algorithms: [{ name: "ippo", recipe: "derived" as const }] };
    const specs = expandStudy(learning);
    expect(planKeyOf(learning, specs, 2)).not.toBe(planKeyOf(learning, specs, 1));
    expect(planKeyOf(learning, specs, 1)).toBe(createHash("sha256").update(JSON.stringify({ study: learning, specs }, (key, value: unknown) => (key === "dataset" && typeof value === "string" ? datasetFingerprint(value) : value))).digest("hex").slice(0, 16));
    // A study with no derived recipe keeps its key whatever the rules.
    expect(planKeyOf(study, expandStudy(study), 2)).toBe(planKeyOf(study, expandStudy(study), 1));
    // Baselines on the derived recipe's action set depend on the rules too.
    const derivedActions = { ...study, baselineActions: "derived" as const };
    expect(planKeyOf(derivedActions, expandStudy(derivedActions), 2)).not.toBe(planKeyOf(derivedActions, expandStudy(derivedActions), 1));
  });

  it("fingerprints a folder by its files' names and bytes", () => {
    const base = mkdtempSync(join(tmpdir(), "grid-fingerprint-"));
    for (const name of ["a", "b"]) {
      mkdirSync(join(base, name, "inner"), { recursive: true });
      writeFileSync(join(base, name, "inner", "x.csv"), "1\n");
    }
    writeFileSync(join(base, "b", "inner", "y.csv"), "2\n");
    expect(datasetFingerprint(join(base, "a"))).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(datasetFingerprint(join(base, "a"))).not.toBe(datasetFingerprint(join(base, "b")));
  });

  it("keeps dataset paths relative to the results folder in the plan, and reads them back from where the plan is", () => {
    const base = mkdtempSync(join(tmpdir(), "grid-plan-"));
    const study = readStudyFile(checkout(join(base, "repo"), "2026-01-01T00:00:00Z,1,0,10,0.1\n"), vocabulary);
    const kept = studyForPlan(study, join(base, "repo", "studies", "mine"));
    expect(kept.scenarios[0]).toMatchObject({ dataset: join("..", "..", "data", "mine.csv") });
    cpSync(join(base, "repo", "data"), join(base, "clone", "data"), { recursive: true });
    const read = planStudy({ study: kept }, join(base, "clone", "studies", "mine", "plan.json"));
    expect(read.scenarios[0]).toMatchObject({ dataset: join(base, "clone", "data", "mine.csv") });
    expect(planKeyOf(read, expandStudy(read))).toBe(planKeyOf(study, expandStudy(study)));
  });

  it("lets a study with more seeds, policies or settings extend a folder's plan, never one that changes a planned run", () => {
    const base = mkdtempSync(join(tmpdir(), "grid-plan-"));
    const study = readStudyFile(checkout(join(base, "repo"), "2026-01-01T00:00:00Z,1,0,10,0.1\n"), vocabulary);
    const learning = { ...study, algorithms: [{ name: "ippo", recipe: "derived" as const }], seeds: 3 };
    const folder = join(base, "repo", "studies", "mine");
    const plan = { key: planKeyOf(learning, expandStudy(learning)), quick: false, study: studyForPlan(learning, folder) };
    const isExtension = (changed: typeof learning, options: { seeds?: number } = {}) => extendsPlan(folder, plan, expandStudy(changed, options));
    expect(isExtension(learning)).toBe(true);
    expect(isExtension({ ...learning, seeds: 5 })).toBe(true);
    expect(isExtension(learning, { seeds: 5 })).toBe(true);
    expect(isExtension({ ...learning, baselines: ["idle", "rule"] })).toBe(true);
    expect(isExtension({ ...learning, settings: [...learning.settings, { name: "tight", description: "a tighter feeder", env: { feederCapacityKw: 8 } }] })).toBe(true);
    // A planned run changed: fewer seeds drop runs, another budget or setting changes them.
    expect(isExtension({ ...learning, seeds: 2 })).toBe(false);
    expect(isExtension({ ...learning, trainSteps: 1_000 })).toBe(false);
    expect(isExtension({ ...learning, settings: learning.settings.map((setting) => ({ ...setting, env: { feederCapacityKw: 8 } })) })).toBe(false);
    // A plan whose key does not check out (other code, other rules of recipeFor) or that is not a plan.
    expect(extendsPlan(folder, { ...plan, key: "0123456789abcdef" }, expandStudy({ ...learning, seeds: 5 }))).toBe(false);
    expect(extendsPlan(folder, { key: plan.key }, expandStudy(learning))).toBe(false);
    expect(extendsPlan(folder, null, expandStudy(learning))).toBe(false);
  });
});
