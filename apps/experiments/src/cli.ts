#!/usr/bin/env node
import { parseArgs } from "node:util";
import { UsageError } from "./command.js";
import { commands } from "./commands/index.js";

function mainHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    "grid: multi-agent reinforcement learning for smart grids",
    "",
    "usage: grid <command> [options]   (grid <command> --help for its options)",
    "",
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(mainHelp());
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    console.error(`grid: unknown command "${name}"\n\n${mainHelp()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.usage);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run(values, positionals);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`grid ${name}: ${(error as Error).message}\n\n${command.usage}`);
      return 2;
    }
    console.error(`grid ${name}: ${(error as Error).message}`);
    if (process.env.GRID_DEBUG) console.error(error);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
