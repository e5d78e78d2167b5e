import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { getAlgorithm, parseAlgorithmConfig } from "@grid/algos";
import { ConfigError, parseGridConfig, zodProblems } from "@grid/env";
import { parse as parseYaml } from "yaml";
import { studyFromPlan } from "../runs/plan-key.js";
import { builtinStudies } from "./builtin.js";
import { type ScenarioEntry, type Study, scenarioName, studySchema } from "./schema.js";

/** The names a study may refer to. */
export interface StudyVocabulary {
  scenarios: readonly string[];
  algorithms: readonly string[];
  baselines: readonly string[];
}

/** A problem found in a study: the field's path and what is wrong. */
type Problem = { path: string; message: string };

/**
 * Validates a study object: its shape (zod), then every name it uses and every environment override
 * (through the environment's own schema). Errors name the field's path (`study.settings[2].env.rewardAlpha`).
 */
export function parseStudy(input: unknown, vocabulary: StudyVocabulary, where = "study", folder = "."): Study {
  const result = studySchema.safeParse(input);
  if (!result.success) throw new ConfigError(zodProblems(result.error, "study"), where);
  const study = { ...result.data, scenarios: result.data.scenarios.map((entry) => datasetFrom(entry, folder)) };
  const problems = [
    ...scenarioProblems(study, vocabulary),
    ...algorithmProblems(study, vocabulary),
    ...study.baselines.flatMap((name, i) => unknownName(vocabulary.baselines, name, `study.baselines[${i}]`, "baseline")),
    ...referenceProblems(study, input),
    ...settingProblems(study),
    ...quickProblems(study),
  ];
  if (problems.length > 0) throw new ConfigError(problems, where);
  return study;
}

/** A problem when `name` is not in `list` (saying what is known), else none. */
function unknownName(list: readonly string[], name: string, path: string, kind: string): Problem[] {
  return list.includes(name) ? [] : [{ path, message: `unknown ${kind} "${name}"; known: ${list.join(", ")}` }];
}

/** The problems a check throws as a {@link ConfigError} (none when it passes); anything else is thrown on. */
function problemsOf(check: () => void): Problem[] {
  try {
    check();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** Unknown presets, datasets that do not exist, and a name used by two scenarios. */
function scenarioProblems(study: Study, vocabulary: StudyVocabulary): Problem[] {
  const problems: Problem[] = [];
  const scenarioNames = study.scenarios.map(scenarioName);
  study.scenarios.forEach((entry, i) => {
    if (typeof entry === "string") problems.push(...unknownName(vocabulary.scenarios, entry, `study.scenarios[${i}]`, "scenario"));
    else if (!existsSync(entry.dataset)) {
      problems.push({ path: `study.scenarios[${i}].dataset`, message: `${entry.dataset} does not exist; expected a CityLearn folder (with schema.json) or a profile CSV` });
    }
    if (scenarioNames.indexOf(scenarioNames[i]) !== i) problems.push({ path: `study.scenarios[${i}]`, message: `the name "${scenarioNames[i]}" is used twice; give a dataset a name` });
  });
  return problems;
}

/** Unknown algorithms, and configurations their own schemas refuse (checked now, not when every run has failed). */
function algorithmProblems(study: Study, vocabulary: StudyVocabulary): Problem[] {
  return study.algorithms.flatMap((entry, i) => {
    const unknown = unknownName(vocabulary.algorithms, entry.name, `study.algorithms[${i}].name`, "algorithm");
    if (unknown.length > 0) return unknown;
    const definition = getAlgorithm(entry.name);
    const recipe = entry.recipe;
    return [
      ...(typeof recipe === "object" ? problemsOf(() => parseAlgorithmConfig(definition, recipe.config, `study.algorithms[${i}].recipe.config`)) : []),
      ...(entry.recipeOverrides?.config
        ? problemsOf(() => parseAlgorithmConfig(definition, entry.recipeOverrides?.config, `study.algorithms[${i}].recipeOverrides.config`))
        : []),
    ];
  });
}

/** References the study names (the defaults, greedy and rule, apply only where the study has them) that are none of its conditions. */
function referenceProblems(study: Study, input: unknown): Problem[] {
  const conditions = [...study.algorithms.map((entry) => entry.name), ...study.baselines];
  const given = (key: string) => typeof input === "object" && input !== null && key in input;
  const references: [string, string][] = [
    ...(given("reference") ? [["study.reference", study.reference] as [string, string]] : []),
    ...(given("otherReferences") ? study.otherReferences.map((name, i): [string, string] => [`study.otherReferences[${i}]`, name]) : []),
  ];
  return references
    .filter(([, name]) => !conditions.includes(name))
    .map(([path, name]) => ({ path, message: `"${name}" is not one of the study's algorithms or baselines (${conditions.join(", ")})` }));
}

/** Settings named twice, environments the environment's schema refuses, and a reference setting that is none of them. */
function settingProblems(study: Study): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  study.settings.forEach((setting, i) => {
    if (names.has(setting.name)) problems.push({ path: `study.settings[${i}].name`, message: `"${setting.name}" is used twice` });
    names.add(setting.name);
    problems.push(...problemsOf(() => parseGridConfig(setting.env, `study.settings[${i}].env`)));
  });
  if (study.referenceSetting !== undefined && !names.has(study.referenceSetting)) {
    problems.push({ path: "study.referenceSetting", message: `"${study.referenceSetting}" is not a setting of the study (${[...names].join(", ")})` });
  }
  return problems;
}

/** Quick mode's lists naming what the study does not have, and a quick stress suite without the study's. */
function quickProblems(study: Study): Problem[] {
  const notIn = (names: string[] | undefined, has: (name: string) => boolean, path: string, message: string) =>
    (names ?? []).flatMap((name, i) => (has(name) ? [] : [{ path: `${path}[${i}]`, message: `"${name}" ${message}` }]));
  const scenarioNames = study.scenarios.map(scenarioName);
  const problems = [
    ...notIn(study.quick.algorithms, (name) => study.algorithms.some((entry) => entry.name === name), "study.quick.algorithms", "is not in study.algorithms"),
    ...notIn(study.quick.scenarios, (name) => scenarioNames.includes(name), "study.quick.scenarios", "is not in study.scenarios"),
    ...notIn(study.quick.settings, (name) => study.settings.some((setting) => setting.name === name), "study.quick.settings", "is not a setting of the study"),
    ...notIn(study.quick.baselines, (name) => study.baselines.includes(name), "study.quick.baselines", "is not in study.baselines"),
  ];
  if (study.quick.stress && !study.stress) {
    problems.push({ path: "study.quick.stress", message: "a quick stress suite without study.stress; give stress (e.g. {} for the default suite) or leave quick.stress out" });
  }
  return problems;
}

/** Reads a study from a `.json`, `.yaml` or `.yml` file; syntax errors name the file and line. */
export function readStudyFile(path: string, vocabulary: StudyVocabulary): Study {
  const text = readFileSync(path, "utf8");
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${(error as Error).message}`);
  }
  return parseStudy(data, vocabulary, path, dirname(path));
}

/** A dataset entry's path read from the study file's folder (absolute paths and presets unchanged). */
function datasetFrom(entry: ScenarioEntry, folder: string): ScenarioEntry {
  return typeof entry === "string" || isAbsolute(entry.dataset) ? entry : { ...entry, dataset: resolve(folder, entry.dataset) };
}

/** A built-in study by name, or a study file when `nameOrPath` names a file. */
export function resolveStudy(nameOrPath: string, vocabulary: StudyVocabulary): Study {
  const builtin = builtinStudies.find((study) => study.name === nameOrPath);
  if (builtin) return parseStudy(builtin, vocabulary, `built-in study ${nameOrPath}`);
  if (/\.(json|ya?ml)$/i.test(nameOrPath)) return readStudyFile(nameOrPath, vocabulary);
  throw new Error(
    `unknown study "${nameOrPath}"; built-in: ${builtinStudies.map((study) => study.name).join(", ")}, or a path to a .json/.yaml study file`,
  );
}

/**
 * The study of a results folder's `plan.json`. It was validated against the registries when it ran, and its plan
 * has every default filled in (a study without greedy still names it as its reference), so only its shape is
 * checked here; errors name the plan file and the field. Its datasets' paths are read from the plan's folder.
 */
export function planStudy(plan: { study: unknown }, planPath: string): Study {
  const parsed = studySchema.safeParse(plan.study);
  if (!parsed.success) throw new ConfigError(zodProblems(parsed.error, "study"), planPath);
  return studyFromPlan(parsed.data, dirname(planPath));
}
