import type { ProfileTable } from "@grid/profiles";
import { type GridConfigDocument, parseGridConfig, readGridConfigDocument } from "../config.js";
import { GridData } from "./grid-data.js";
import { LOOKAHEAD_STAGES } from "./guard-lookahead.js";
import { Kernel } from "./kernel.js";
import { REWARD_STAGES } from "./rewards/reward-structures.js";

/** The kernel of `numEnvs` copies of the grid over `profiles` with configuration `input` (either form, validated here): every buffer, allocated once. */
export function createKernel(profiles: ProfileTable, input: GridConfigDocument, numEnvs: number): Kernel {
  const config = parseGridConfig(input);
  const data = new GridData(profiles, config, readGridConfigDocument(input));
  return new Kernel(config, data, numEnvs, { rewardStage: REWARD_STAGES[config.rewardStructure], lookaheadStage: LOOKAHEAD_STAGES[config.guardForecast] });
}
