import type { Sfc32 } from "../rng.js";
import { decodeAction } from "./actions.js";
import type { Kernel } from "./kernel.js";

/** Stage (broadcast): records every env's actions (as values in [-1, 1]) in the next slot of the message history. */
export function recordMessagesStage(kernel: Kernel, actions: ArrayLike<number>): void {
  const state = kernel.state;
  const perSlot = kernel.numAgents * kernel.numEnvs;
  state.messageHead = (state.messageHead + 1) % state.messageSlots;
  const offset = state.messageHead * perSlot;
  for (let index = 0; index < perSlot; index++) {
    const agent = Math.floor(index / kernel.numEnvs);
    state.messageHistory[offset + index] = kernel.numActions === 0 ? actions[index] : decodeAction(kernel, actions[index], agent);
  }
}

/**
 * Writes env `env`'s messages into every agent's observation: broadcast, the actions of `communicationDelaySteps`
 * steps ago and the last retail price's z-score; global state, the state. Each agent's are dropped (zeros) with
 * `communicationDropProbability`, drawn from `rng`.
 */
export function writeMessages(kernel: Kernel, env: number, rng: Sfc32): void {
  const { config, state, data, numEnvs, numAgents, observations } = kernel;
  const size = kernel.observationSize;
  const messagesStart = kernel.layout.messagesStart;
  const drop = config.communicationDropProbability;
  const perSlot = numAgents * numEnvs;
  const slots = state.messageSlots;
  const delayedSlot = (((state.messageHead - config.communicationDelaySteps) % slots) + slots) % slots;
  const stateOffset = env * kernel.stateSize;
  const priceNorm = (state.lastRetailPrice[env] - data.priceMeanUsdPerKwh) / data.priceStdUsdPerKwh;
  for (let agent = 0; agent < numAgents; agent++) {
    const offset = (agent * numEnvs + env) * size + messagesStart;
    const dropped = drop > 0 && rng.uniform() < drop;
    if (config.communication === "broadcast") {
      for (let other = 0; other < numAgents; other++) {
        observations[offset + other] = dropped ? 0 : state.messageHistory[delayedSlot * perSlot + other * numEnvs + env];
      }
      observations[offset + numAgents] = dropped ? 0 : priceNorm;
    } else {
      for (let k = 0; k < kernel.stateSize; k++) observations[offset + k] = dropped ? 0 : kernel.states[stateOffset + k];
    }
  }
}
