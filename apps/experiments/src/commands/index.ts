import type { Command } from "../command.js";
import { dataCommand } from "./data.js";
import { evaluateCommand } from "./evaluate.js";
import { listCommand } from "./list.js";
import { reportCommand } from "./report.js";
import { runCommand } from "./run.js";
import { shadowCommand } from "./shadow.js";
import { simulateCommand } from "./simulate.js";
import { stressCommand } from "./stress.js";
import { trainCommand } from "./train.js";
import { workerCommand } from "./worker.js";

/** Every `grid` subcommand, in the order `grid --help` lists them. */
export const commands: Command[] = [runCommand, listCommand, reportCommand, simulateCommand, evaluateCommand, stressCommand, shadowCommand, dataCommand, trainCommand, workerCommand];
