import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { RECIPE_DERIVATION_VERSION } from "@grid/algos";
import type { Study } from "../studies/schema.js";
import type { RunSpec } from "./expand.js";

const fingerprints = new Map<string, string>();

/**
 * What a dataset holds, not where it lies: sha256 over its files' paths within it and their bytes (a CityLearn
 * folder, every file below it in name order; a profile CSV, the file). Read once per path and process.
 */
export function datasetFingerprint(path: string): string {
  const known = fingerprints.get(path);
  if (known !== undefined) return known;
  const hash = createHash("sha256");
  const visit = (file: string) => {
    if (statSync(file).isDirectory()) {
      for (const name of readdirSync(file).sort()) visit(join(file, name));
      return;
    }
    hash.update(`${relative(path, file)}\0`);
    hash.update(readFileSync(file));
  };
  visit(path);
  const fingerprint = `sha256:${hash.digest("hex").slice(0, 16)}`;
  fingerprints.set(path, fingerprint);
  return fingerprint;
}

/**
 * A study's plan key: the hash of its study and runs, a dataset counted by its {@link datasetFingerprint}. So the same
 * study over the same data has the same key in a clone at another path or on another machine, and a results folder
 * committed there resumes; data that changed gets another key, and its runs are never mixed with the old ones; nor
 * are runs of the derived recipe under other rules ({@link RECIPE_DERIVATION_VERSION}).
 */
export function planKeyOf(study: Study, specs: RunSpec[], derivationVersion = RECIPE_DERIVATION_VERSION): string {
  // Runs on the derived recipe depend on recipeFor's rules: their version is in the key (the first rules' plans
  // were keyed without one, so they keep their keys and are told apart from any later rules').
  const derives = specs.some((spec) => spec.recipe === "derived") && derivationVersion > 1;
  const portable = JSON.stringify(derives ? { study, specs, recipeDerivation: derivationVersion } : { study, specs }, (key, value: unknown) =>
    key === "dataset" && typeof value === "string" ? datasetFingerprint(value) : value,
  );
  return createHash("sha256").update(portable).digest("hex").slice(0, 16);
}

/** The study as `plan.json` keeps it: dataset paths relative to the results folder, so a clone elsewhere reads them. */
export function studyForPlan(study: Study, directory: string): Study {
  const folder = resolve(directory);
  return {
    ...study,
    scenarios: study.scenarios.map((entry) => (typeof entry === "string" ? entry : { ...entry, dataset: relative(folder, resolve(entry.dataset)) })),
  };
}

/** The study of a `plan.json` in `directory` with its dataset paths read from that folder again. */
export function studyFromPlan(study: Study, directory: string): Study {
  return {
    ...study,
    scenarios: study.scenarios.map((entry) =>
      typeof entry === "string" || isAbsolute(entry.dataset) ? entry : { ...entry, dataset: resolve(directory, entry.dataset) },
    ),
  };
}
