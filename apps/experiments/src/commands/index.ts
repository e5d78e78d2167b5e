import type { Command } from "../command.js";
import { simulateCommand } from "./simulate.js";

/** Every `grid` subcommand, in the order `grid --help` lists them. */
export const commands: Command[] = [simulateCommand];
