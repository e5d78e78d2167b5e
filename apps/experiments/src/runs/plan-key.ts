import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { RECIPE_DERIVATION_VERSION } from "@grid/algos";
import type { Study } from "../studies/schema.js";
import { expandStudy, type RunSpec } from "./expand.js";

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
  // Runs on the derived recipe (or baselines on its action set) depend on recipeFor's rules: their version is in the
  // key (the first rules' plans were keyed without one, so they keep their keys and are told apart from later rules').
  const derives = specs.some((spec) => spec.recipe === "derived" || spec.baselineActions === "derived") && derivationVersion > 1;
  return createHash("sha256")
    .update(portableJson(derives ? { study, specs, recipeDerivation: derivationVersion } : { study, specs }))
    .digest("hex")
    .slice(0, 16);
}

/** JSON of a study or runs with every dataset path replaced by its {@link datasetFingerprint}. */
function portableJson(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => (key === "dataset" && typeof inner === "string" ? datasetFingerprint(inner) : inner));
}

/** What `plan.json` holds of the plan it was written for (see the runner's `writePlan`). */
interface StoredPlan {
  key: string;
  quick: boolean;
  seeds?: number;
  trainSteps?: number;
  study: Study;
}

/**
 * Whether `specs` extend the plan a results folder holds, so the folder resumes with its finished runs kept: the
 * stored plan's key checks out when it is expanded again by this code under this code's rules of recipeFor (so its
 * runs are what this code would run), and every run it planned is in `specs`, unchanged (the same scenario and data,
 * setting, recipe, budget and seed). More seeds, scenarios, settings, algorithms or baselines extend a plan; a
 * changed setting, budget or dataset does not.
 */
export function extendsPlan(directory: string, stored: unknown, specs: RunSpec[]): boolean {
  const plan = (stored ?? {}) as Partial<StoredPlan>;
  if (typeof plan.key !== "string" || typeof plan.study !== "object" || plan.study === null) return false;
  let planned: RunSpec[];
  try {
    const study = studyFromPlan(plan.study, directory);
    planned = expandStudy(study, { quick: plan.quick, seeds: plan.seeds, trainSteps: plan.trainSteps });
    if (planKeyOf(study, planned) !== plan.key) return false;
  } catch {
    return false; // a plan this code cannot expand again (written by other code) is not one it can extend
  }
  const now = new Map(specs.map((spec) => [spec.id, portableJson(spec)]));
  return planned.every((spec) => now.get(spec.id) === portableJson(spec));
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
