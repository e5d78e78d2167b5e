import type { z } from "zod";

/** One problem of a configuration: where (`config.physics.flexKw[2]`) and what is wrong or accepted. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Thrown for an invalid configuration; the message names each field's path and what is accepted. */
export class ConfigError extends Error {
  constructor(
    readonly problems: ConfigProblem[],
    where = "config",
  ) {
    super(`invalid ${where}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** A field path as text: `fieldPath("config", ["flexKw", 2])` is `config.flexKw[2]`. */
export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  return [root, ...path].reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`),
    "",
  );
}

/** Formats a zod error as field paths (`config.flexKw[2]`) with the reason. */
export function zodProblems(error: z.ZodError, root: string): ConfigProblem[] {
  return error.issues.map((issue) => ({ path: fieldPath(root, issue.path), message: issue.message }));
}
