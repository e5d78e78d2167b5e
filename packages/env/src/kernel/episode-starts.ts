import type { Sfc32 } from "../rng.js";
import type { Kernel } from "./kernel.js";

/** The article's episode starts, `randint(0, len - episodeSteps - 1)`: every step from 0 to length - episodeSteps - 2. */
export function defaultStarts(length: number, episodeSteps: number): Int32Array {
  const count = Math.max(length - episodeSteps - 1, 1);
  const starts = new Int32Array(count);
  for (let i = 0; i < count; i++) starts[i] = i;
  return starts;
}

/** Throws, naming `field`, unless `start` is a profile step where a whole episode fits. */
export function checkStart(start: number, profileLength: number, episodeSteps: number, field: string): void {
  const last = profileLength - episodeSteps;
  if (!Number.isInteger(start) || start < 0 || start > last) {
    throw new Error(
      `${field}: ${start} is not a valid episode start; expected an integer in [0, ${last}] (profile of ${profileLength} steps, episodes of ${episodeSteps})`,
    );
  }
}

/** `starts` checked (non-empty, each a valid start) and copied. */
export function checkStarts(starts: ArrayLike<number>, profileLength: number, episodeSteps: number, field: string): Int32Array {
  if (starts.length === 0) throw new Error(`${field}: empty; expected at least one episode start`);
  const out = new Int32Array(starts.length);
  for (let i = 0; i < starts.length; i++) {
    checkStart(starts[i], profileLength, episodeSteps, `${field}[${i}]`);
    out[i] = starts[i];
  }
  return out;
}

/**
 * Starts env `env`'s episode at profile step `start`: the battery at `initialSoc` (± `initialSocSpread`, drawn
 * from `rng`), no flexibility used and no backlog, the previous import at the feeder's uncontrolled net load, the
 * last price at the day-ahead price, and an empty message history.
 */
export function beginEpisode(kernel: Kernel, env: number, start: number, rng: Sfc32): void {
  const { config, state, numConsumers } = kernel;
  const profiles = kernel.data.profiles;
  state.startStep[env] = start;
  state.stepInEpisode[env] = 0;
  const spread = config.initialSocSpread;
  if (spread > 0) {
    const soc = config.initialSoc + spread * (2 * rng.uniform() - 1);
    state.soc[env] = soc < 0 ? 0 : soc > 1 ? 1 : soc;
  } else state.soc[env] = config.initialSoc;
  state.finished[env] = 0;
  state.flexUsedKwh.fill(0, env * numConsumers, (env + 1) * numConsumers);
  state.backlogKwh.fill(0, env * numConsumers, (env + 1) * numConsumers);
  state.prevNetImportKw[env] = profiles.baseLoadKw[start] - profiles.solarKw[start];
  state.lastRetailPrice[env] = profiles.dayAheadPriceUsdPerKwh[start];
  const perSlot = kernel.numAgents * kernel.numEnvs;
  for (let slot = 0; slot < state.messageSlots; slot++) {
    for (let agent = 0; agent < kernel.numAgents; agent++) state.messageHistory[slot * perSlot + agent * kernel.numEnvs + env] = 0;
  }
}
