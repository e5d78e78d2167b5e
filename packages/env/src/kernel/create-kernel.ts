import type { ProfileTable } from "@grid/profiles";
import { type GridConfigDocument, parseGridConfig, readGridConfigDocument } from "../config.js";
import { actionLevelValuesOf } from "./actions.js";
import { buildGridData } from "./grid-data.js";
import { LOOKAHEAD_STAGES } from "./guard-lookahead.js";
import { createGridState } from "./grid-state.js";
import { createStepWork, type Kernel } from "./kernel.js";
import { REWARD_STAGES } from "./rewards/reward-structures.js";
import { observationLayout } from "./observation-index.js";
import { createConsumerInfoBuffers, createStepInfoBuffers } from "./step-info.js";

/** The kernel of `numEnvs` copies of the grid over `profiles` with configuration `input` (either form, validated here): every buffer, allocated once. */
export function createKernel(profiles: ProfileTable, input: GridConfigDocument, numEnvs: number): Kernel {
  const config = parseGridConfig(input);
  const data = buildGridData(profiles, config, readGridConfigDocument(input));
  const numConsumers = data.numConsumers;
  const numAgents = numConsumers + 2;
  const actionLevelValues = actionLevelValuesOf(config);
  const layout = observationLayout(config, numConsumers);
  const { observationSize, stateSize } = layout;
  return {
    config,
    actions: new Float32Array(0),
    rewardStage: REWARD_STAGES[config.rewardStructure],
    lookaheadStage: LOOKAHEAD_STAGES[config.guardForecast],
    data,
    state: createGridState(numEnvs, numConsumers, numAgents, config.communicationDelaySteps + 1),
    work: createStepWork(numEnvs, numConsumers, data.lookaheadSteps),
    numEnvs,
    numConsumers,
    numAgents,
    producerIndex: numConsumers,
    operatorIndex: numConsumers + 1,
    agentIds: [...Array.from({ length: numConsumers }, (_, i) => `consumer_${i}`), "producer", "operator"],
    numActions: actionLevelValues.length,
    actionLevelValues,
    layout,
    observationSize,
    stateSize,
    observations: new Float32Array(numAgents * numEnvs * observationSize),
    states: new Float32Array(numEnvs * stateSize),
    rewards: new Float64Array(numAgents * numEnvs),
    dones: new Uint8Array(numEnvs),
    info: createStepInfoBuffers(numEnvs),
    consumerInfo: createConsumerInfoBuffers(numEnvs, numConsumers),
  };
}
