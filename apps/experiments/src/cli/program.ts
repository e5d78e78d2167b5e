import { Argument, Command as Commander, CommanderError, Option } from "commander";
import { type Command, UsageError } from "../command.js";
import { longFlag } from "./option-table.js";

const DESCRIPTION = "grid: multi-agent reinforcement learning for smart grids";

/** A command's option table and arguments as a commander command: the one source of its help and its parsing. */
function toCommander(command: Command): Commander {
  const declared = new Commander(command.name).summary(command.summary).description(command.summary).allowExcessArguments(false);
  for (const spec of command.arguments ?? []) {
    const argument = new Argument(spec.name, spec.description);
    declared.addArgument(spec.choices ? argument.choices(spec.choices) : argument);
  }
  for (const spec of Object.values(command.options)) {
    const option = new Option(spec.flags, spec.description);
    const parse = spec.parse;
    if (parse) option.argParser((given: string) => parse(given, longFlag(spec)));
    if (spec.defaultValue !== undefined && spec.defaultValue !== false) option.default(spec.defaultValue);
    declared.addOption(spec.hidden ? option.hideHelp() : option);
  }
  if (command.notes) declared.addHelpText("after", `\n${command.notes}`);
  return declared.exitOverride().showHelpAfterError(`(grid ${command.name} --help lists its options)`);
}

/** The parsed values under the option table's names, defaults filled in, old spellings given to their options. */
function valuesOf(command: Command, parsed: Commander): Record<string, unknown> {
  const given = parsed.opts();
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options)) values[name] = given[new Option(spec.flags).attributeName()] ?? spec.defaultValue;
  for (const [name, spec] of Object.entries(command.options)) {
    if (spec.aliasOf === undefined || values[name] === undefined) continue;
    const target = command.options[spec.aliasOf];
    if (values[spec.aliasOf] !== undefined) throw new UsageError(`${longFlag(spec)} and ${longFlag(target)} mean the same; give one of them`);
    values[spec.aliasOf] = values[name];
  }
  return values;
}

/** Parses a command's arguments (after its name) as `grid` does; a bad command line throws a UsageError. */
export function parseCommandLine(command: Command, args: string[]): { values: Record<string, unknown>; positionals: string[] } {
  const declared = toCommander(command).configureOutput({ writeOut: () => {}, writeErr: () => {} });
  try {
    declared.parse(args, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) throw new UsageError(error.message.replace(/^error: /, ""));
    throw error;
  }
  return { values: valuesOf(command, declared), positionals: declared.args };
}

/** The exit code for what a command threw, having printed it: 2 for a bad command line, 1 otherwise. */
function reportError(error: unknown, commandName: string | undefined): number {
  const prefix = commandName ? `grid ${commandName}` : "grid";
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : error.code === "commander.help" ? 1 : 2;
  if (error instanceof UsageError) {
    console.error(`${prefix}: ${error.message}\n(${prefix} --help lists its options)`);
    return 2;
  }
  console.error(`${prefix}: ${(error as Error).message}`);
  if (process.env.GRID_DEBUG) console.error(error);
  return 1;
}

/** Runs `grid <argv>` with `commands`; resolves to the process exit code (0 done, 1 failed, 2 bad command line). */
export async function runCli(argv: string[], commands: Command[]): Promise<number> {
  let exitCode = 0;
  const program = new Commander("grid").description(DESCRIPTION).exitOverride();
  const errorOutput = (name: string) => (message: string, write: (text: string) => void) => write(`${name}: ${message.replace(/^error: /, "")}`);
  program.configureOutput({ outputError: errorOutput("grid") });
  for (const command of commands) {
    const declared = toCommander(command).configureOutput({ outputError: errorOutput(`grid ${command.name}`) });
    declared.action(async () => {
      exitCode = await command.run(valuesOf(command, declared) as never, declared.args);
    });
    program.addCommand(declared);
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error, commands.find((command) => command.name === argv[0])?.name);
  }
}
