import { readFileSync } from "node:fs";
import { ConfigError, parseGridConfig, zodProblems } from "@grid/env";
import { parse as parseYaml } from "yaml";
import { builtinStudies } from "./builtin.js";
import { type Study, studySchema } from "./schema.js";

/** The names a study may refer to. */
export interface StudyVocabulary {
  scenarios: readonly string[];
  algorithms: readonly string[];
  baselines: readonly string[];
}

/**
 * Validates a study object: its shape (zod), then every name it uses and every environment override
 * (through the environment's own schema). Errors name the field's path (`study.settings[2].env.rewardAlpha`).
 */
export function parseStudy(input: unknown, vocabulary: StudyVocabulary, where = "study"): Study {
  const result = studySchema.safeParse(input);
  if (!result.success) throw new ConfigError(zodProblems(result.error, "study"), where);
  const study = result.data;
  const problems: { path: string; message: string }[] = [];
  const known = (list: readonly string[], name: string, path: string, kind: string) => {
    if (!list.includes(name)) problems.push({ path, message: `unknown ${kind} "${name}"; known: ${list.join(", ")}` });
  };
  study.scenarios.forEach((name, i) => {
    known(vocabulary.scenarios, name, `study.scenarios[${i}]`, "scenario");
  });
  study.algorithms.forEach((entry, i) => {
    known(vocabulary.algorithms, entry.name, `study.algorithms[${i}].name`, "algorithm");
    if (entry.trainingEnv) {
      try {
        parseGridConfig(entry.trainingEnv, `study.algorithms[${i}].trainingEnv`);
      } catch (error) {
        if (error instanceof ConfigError) problems.push(...error.problems);
        else throw error;
      }
    }
  });
  study.baselines.forEach((name, i) => {
    known(vocabulary.baselines, name, `study.baselines[${i}]`, "baseline");
  });
  const conditions = [...study.algorithms.map((entry) => entry.name), ...study.baselines];
  // The default references (greedy, rule) apply where the study has them; references the study names must exist.
  const given = (key: string) => typeof input === "object" && input !== null && key in input;
  const references: [string, string][] = [
    ...(given("reference") ? [["study.reference", study.reference] as [string, string]] : []),
    ...(given("otherReferences") ? study.otherReferences.map((name, i): [string, string] => [`study.otherReferences[${i}]`, name]) : []),
  ];
  for (const [path, name] of references) {
    if (!conditions.includes(name)) problems.push({ path, message: `"${name}" is not one of the study's algorithms or baselines (${conditions.join(", ")})` });
  }
  const names = new Set<string>();
  study.settings.forEach((setting, i) => {
    if (names.has(setting.name)) problems.push({ path: `study.settings[${i}].name`, message: `"${setting.name}" is used twice` });
    names.add(setting.name);
    try {
      parseGridConfig(setting.env, `study.settings[${i}].env`);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  });
  study.quick.scenarios?.forEach((name, i) => {
    if (!study.scenarios.includes(name)) problems.push({ path: `study.quick.scenarios[${i}]`, message: `"${name}" is not in study.scenarios` });
  });
  study.quick.settings?.forEach((name, i) => {
    if (!names.has(name)) problems.push({ path: `study.quick.settings[${i}]`, message: `"${name}" is not a setting of the study` });
  });
  study.quick.baselines?.forEach((name, i) => {
    if (!study.baselines.includes(name)) problems.push({ path: `study.quick.baselines[${i}]`, message: `"${name}" is not in study.baselines` });
  });
  if (problems.length > 0) throw new ConfigError(problems, where);
  return study;
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
  return parseStudy(data, vocabulary, path);
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
