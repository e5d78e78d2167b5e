import { parseCommandLine } from "../cli/program.js";
import type { Command } from "../command.js";

/** Runs one command in this process on a command line (the arguments after its name), parsed as `grid` parses it. */
export async function runCommandLine(command: Command, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(command, args);
  return command.run(values as never, positionals);
}
