#!/usr/bin/env node
// Builds a CityLearn dataset the recipes were never tuned on, from the 2022 release's layout: a subset of its
// buildings and a window of its months, written as a CityLearn folder (schema.json with only those buildings
// included, every time series cut to the same rows). The data is not committed: the output goes under results/.
//
//   node benchmarks/citylearn-subset.mjs [--source <2022 folder>] [--out <folder>] [--buildings 2,5,9,13,16] [--months 11,12,1,2]
//
// Defaults: buildings 2, 5, 9, 13 and 16 of the 17, November to February (the 2022 recipe's scenario trains on
// August to June and tests on its last 60 days; this one is winter only, five buildings, 120 days).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    source: { type: "string", default: process.env.GRID_CITYLEARN_DIR ?? resolve("..", "shared", "data", "citylearn_challenge_2022_phase_all") },
    out: { type: "string", default: resolve("results", "data", "citylearn-winter-5") },
    buildings: { type: "string", default: "2,5,9,13,16" },
    months: { type: "string", default: "11,12,1,2" },
  },
});
const source = values.source;
if (!existsSync(join(source, "schema.json"))) throw new Error(`${source}: no schema.json; pass --source <CityLearn 2022 folder>`);
const buildings = values.buildings.split(",").map((number) => `Building_${number.trim()}`);
const months = values.months.split(",").map(Number);
const schema = JSON.parse(readFileSync(join(source, "schema.json"), "utf8"));
for (const name of buildings) if (!schema.buildings[name]) throw new Error(`${name}: not in ${source}/schema.json`);

// The rows of the window: from the first row of the first month to the last row of the last, contiguous.
const reference = readFileSync(join(source, schema.buildings[buildings[0]].energy_simulation), "utf8").trimEnd().split("\n");
const monthOfRow = reference.slice(1).map((line) => Number(line.split(",")[0]));
const first = monthOfRow.findIndex((month, row) => month === months[0] && (row === 0 || monthOfRow[row - 1] !== month));
let last = first;
while (last + 1 < monthOfRow.length && months.includes(monthOfRow[last + 1])) last++;
if (first < 0) throw new Error(`month ${months[0]} does not start in ${source}`);

const out = values.out;
mkdirSync(out, { recursive: true });
const cut = (file) => {
  const lines = readFileSync(join(source, file), "utf8").trimEnd().split("\n");
  writeFileSync(join(out, file), `${[lines[0], ...lines.slice(1 + first, 2 + last)].join("\n")}\n`);
};
const files = new Set();
for (const [name, building] of Object.entries(schema.buildings)) {
  building.include = buildings.includes(name);
  if (building.include) for (const key of ["energy_simulation", "weather", "carbon_intensity", "pricing"]) files.add(building[key]);
}
for (const file of files) cut(file);
schema.simulation_start_time_step = 0;
schema.simulation_end_time_step = last - first;
writeFileSync(join(out, "schema.json"), `${JSON.stringify(schema, null, 2)}\n`);
if (existsSync(join(source, "LICENSE.CityLearn"))) copyFileSync(join(source, "LICENSE.CityLearn"), join(out, "LICENSE.CityLearn"));
console.log(`${out}: ${buildings.join(", ")}; months ${months.join(", ")}; rows ${first}-${last} of ${source} (${last - first + 1} hours)`);
