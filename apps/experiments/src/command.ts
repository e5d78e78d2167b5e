import type { ParseArgsConfig } from "node:util";

/** One `grid` subcommand: its options (node's parseArgs format) and what it does. */
export interface Command {
  name: string;
  /** One line for `grid --help`. */
  summary: string;
  /** Usage line and option descriptions for `grid <name> --help`. */
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Runs the command; resolves to the process exit code. */
  run(values: Record<string, string | boolean | (string | boolean)[] | undefined>, positionals: string[]): Promise<number>;
}

/** Thrown for a bad command line; the CLI prints the message and the command's usage. */
export class UsageError extends Error {
  override name = "UsageError";
}
