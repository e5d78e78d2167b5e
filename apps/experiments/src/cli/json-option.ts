import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../command.js";

/** An object from an option: inline JSON (`'{"epochs": 4}'`), or a path to a JSON or YAML file holding one. */
export function readJsonOption(text: string, flag: string): Record<string, unknown> {
  let source = text;
  const inline = text.trimStart().startsWith("{");
  if (!inline) {
    try {
      source = readFileSync(text, "utf8");
    } catch (error) {
      throw new UsageError(`${flag}: ${text} is neither a JSON object nor a readable file (${(error as Error).message})`);
    }
  }
  const yaml = !inline && /\.ya?ml$/i.test(text);
  let value: unknown;
  try {
    value = yaml ? parseYaml(source) : JSON.parse(source);
  } catch (error) {
    throw new UsageError(`${flag}: ${inline ? "" : `${text}: `}not valid ${yaml ? "YAML" : "JSON"} (${(error as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`${flag}: ${inline ? "" : `${text}: `}expected one JSON object, e.g. '{"epochs": 4}'`);
  }
  return value as Record<string, unknown>;
}
