#!/usr/bin/env node
import { runCli } from "./cli/program.js";
import { commands } from "./commands/index.js";

runCli(process.argv.slice(2), commands).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
