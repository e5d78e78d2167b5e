import type { OptionTable, OptionValues } from "./cli/option-table.js";

/** A positional argument of a command: its name as help shows it (`<study>`), what it is, and the values it accepts. */
export interface ArgumentSpec {
  name: string;
  description: string;
  choices?: string[];
}

/** One `grid` subcommand, declared: its option table (which generates its help and its parsing) and what it does. */
export interface CommandDefinition<Table extends OptionTable> {
  name: string;
  /** One line for `grid --help`. */
  summary: string;
  arguments?: ArgumentSpec[];
  options: Table;
  /** Text printed after the options in `grid <name> --help`. */
  notes?: string;
  /** Runs the command with its parsed options and positional arguments; resolves to the process exit code. */
  run(values: OptionValues<Table>, positionals: string[]): Promise<number>;
}

/** A command of any option table, as the CLI holds them. */
export type Command = CommandDefinition<OptionTable>;

/** Declares a command; `run` is typed by its option table. */
export function defineCommand<Table extends OptionTable>(definition: CommandDefinition<Table>): Command {
  return definition as unknown as Command;
}

/** Thrown for a bad command line; the CLI prints the message and where the command's options are listed. */
export class UsageError extends Error {
  override name = "UsageError";
}
