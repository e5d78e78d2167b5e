// A live feed for grid shadow: a scenario's test days as profile CSV rows on standard output, one row every
// --delay-ms milliseconds (0: as fast as the pipe takes them).
//   node benchmarks/shadow-feed.mjs --scenario seed --delay-ms 5 | node apps/experiments/dist/cli.js shadow --checkpoint runs/ippo-s0 --stream -
import { parseArgs } from "node:util";
import { dayStartSteps, getScenario } from "@grid/env";
import { profileCsvLines } from "@grid/profiles";

const { values } = parseArgs({ options: { scenario: { type: "string", default: "seed" }, "delay-ms": { type: "string", default: "0" } } });
const scenario = getScenario(values.scenario);
const profiles = scenario.loadProfiles();
const starts = dayStartSteps(profiles, scenario.testDays);
const stepsPerDay = starts.length > 1 ? starts[1] - starts[0] : Math.round(24 / profiles.stepHours);
const lines = profileCsvLines(profiles, starts[0], starts.length * stepsPerDay);
const delayMs = Number(values["delay-ms"]);
for (const line of lines) {
  if (!process.stdout.write(`${line}\n`)) await new Promise((resolve) => process.stdout.once("drain", resolve));
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
}
