import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../command.js";

/**
 * An option's JSON object: inline (`'{"seeds": 5}'`) or a JSON or YAML file's path; undefined when not given. Throws
 * a UsageError naming the option and what is accepted.
 */
export function readJsonArgument(text: string | undefined, option: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const inline = text.trim().startsWith("{");
  if (!inline && !existsSync(text)) throw new UsageError(`${option}: ${text} is neither a JSON object nor a file; expected e.g. '{"seeds": 5}' or suite.yaml`);
  let value: unknown;
  try {
    value = inline ? JSON.parse(text) : parseYaml(readFileSync(text, "utf8"));
  } catch (error) {
    throw new UsageError(`${option}: ${inline ? "the inline JSON" : text} does not parse: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UsageError(`${option}: expected one object of fields, like {"seeds": 5}`);
  return value as Record<string, unknown>;
}
