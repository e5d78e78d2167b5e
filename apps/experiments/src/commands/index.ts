import type { Command } from "../command.js";
import { dataCommand } from "./data.js";
import { evaluateCommand } from "./evaluate.js";
import { simulateCommand } from "./simulate.js";

/** Every `grid` subcommand, in the order `grid --help` lists them. */
export const commands: Command[] = [simulateCommand, evaluateCommand, dataCommand];
