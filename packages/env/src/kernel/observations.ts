import type { Sfc32 } from "../rng.js";
import { writeMessages } from "./communication.js";
import { writeForecastFeatures } from "./forecast-features.js";
import { type Kernel, profileStep } from "./kernel.js";
import { BUFFER_LIMIT, OBSERVATION_INDEX, STATE_INDEX } from "./observation-index.js";

/** Writes env `env`'s observations (every agent) and global state at its current step; `rng` gives the noise. */
export function writeObservation(kernel: Kernel, env: number, rng: Sfc32): void {
  const { config, data, state, numEnvs, numConsumers, numAgents, producerIndex, observationSize: size, observations, states } = kernel;
  const t = profileStep(state, env);
  const { features, baseLoadKw, solarKw } = data.profiles;
  const { consumerLoadKw, profileLength, maxLoadKw, maxSolarKw } = data;
  let solarForecast = features.solarForecast1h[t] / maxSolarKw;
  if (config.forecastNoiseStd > 0) solarForecast *= 1 + config.forecastNoiseStd * rng.normal();
  const batterySoc = state.soc[env];
  const netImport = state.prevNetImportKw[env] / config.feederCapacityKw;
  const { flexUsedKwh, backlogKwh } = state;
  const budgetKwh = config.flexBudgetKwh;
  // The feeder's entries, at the same places in the global state and in every agent's observation.
  const hourSin = features.hourSin[t];
  const hourCos = features.hourCos[t];
  const feederLoad = baseLoadKw[t] / maxLoadKw;
  const solar = solarKw[t] / maxSolarKw;
  const priceZ = features.priceZ[t];
  const stateOffset = (env * kernel.stateSize) & BUFFER_LIMIT.offsetMask; // the offset itself: see BUFFER_LIMIT
  writeFeederEntries(states, stateOffset, hourSin, hourCos, feederLoad, solar, solarForecast, priceZ, batterySoc, netImport);
  const consumerBase = env * numConsumers;
  for (let c = 0; c < numConsumers; c++) states[stateOffset + STATE_INDEX.consumerFlexUsedStart + c] = flexUsedKwh[consumerBase + c] / budgetKwh;
  const shift = config.flexibilityMode === "shift";
  for (let agent = 0; agent < numAgents; agent++) {
    const offset = ((agent * numEnvs + env) * size) & BUFFER_LIMIT.offsetMask;
    writeFeederEntries(observations, offset, hourSin, hourCos, feederLoad, solar, solarForecast, priceZ, batterySoc, netImport);
    if (agent < numConsumers) {
      observations[offset + OBSERVATION_INDEX.ownLoad] = consumerLoadKw[agent * profileLength + t] / maxLoadKw;
      observations[offset + OBSERVATION_INDEX.ownFlexUsed] = flexUsedKwh[consumerBase + agent] / budgetKwh;
      observations[offset + OBSERVATION_INDEX.ownSignal] = shift ? backlogKwh[consumerBase + agent] / budgetKwh : 0;
    } else {
      observations[offset + OBSERVATION_INDEX.ownLoad] = 0;
      observations[offset + OBSERVATION_INDEX.ownFlexUsed] = 0;
      observations[offset + OBSERVATION_INDEX.ownSignal] = agent === producerIndex ? batterySoc : netImport;
    }
  }
  if (kernel.layout.forecastSize > 0) writeForecastBlock(kernel, env, t, rng);
  if (config.communication !== "none") writeMessages(kernel, env, rng);
  if (config.observationNoiseStd > 0) addObservationNoise(kernel, env, rng);
}

/**
 * Writes the feeder's entries at `offset` of `target` (a global state or an agent's observation), each at its
 * {@link OBSERVATION_INDEX} place. Written out rather than copied in a loop: the stores then have constant offsets.
 */
function writeFeederEntries(
  target: Float32Array,
  offset: number,
  hourSin: number,
  hourCos: number,
  feederLoad: number,
  solar: number,
  solarForecast: number,
  priceZ: number,
  batterySoc: number,
  netImport: number,
): void {
  target[offset + OBSERVATION_INDEX.hourSin] = hourSin;
  target[offset + OBSERVATION_INDEX.hourCos] = hourCos;
  target[offset + OBSERVATION_INDEX.feederLoad] = feederLoad;
  target[offset + OBSERVATION_INDEX.solar] = solar;
  target[offset + OBSERVATION_INDEX.solarForecast] = solarForecast;
  target[offset + OBSERVATION_INDEX.priceZ] = priceZ;
  target[offset + OBSERVATION_INDEX.batterySoc] = batterySoc;
  target[offset + OBSERVATION_INDEX.netImport] = netImport;
}

/** With `forecastFeatures: "lookahead"`: env `env`'s forecast block at profile step `t` (its noise from `rng`), into the state and every agent's observation. */
function writeForecastBlock(kernel: Kernel, env: number, t: number, rng: Sfc32): void {
  const { numEnvs, numAgents, observations, states, observationSize: size } = kernel;
  const { forecastSize, forecastStart, stateForecastStart } = kernel.layout;
  const from = env * kernel.stateSize + stateForecastStart;
  writeForecastFeatures(kernel.data, kernel.config.forecastNoiseStd, t, rng, states, from);
  for (let agent = 0; agent < numAgents; agent++) {
    const offset = (agent * numEnvs + env) * size + forecastStart;
    for (let k = 0; k < forecastSize; k++) observations[offset + k] = states[from + k];
  }
}

/** Adds `observationNoiseStd` x a standard normal draw from `rng` to every entry of env `env`'s observations. */
function addObservationNoise(kernel: Kernel, env: number, rng: Sfc32): void {
  const { numEnvs, observations, observationSize: size } = kernel;
  const noise = kernel.config.observationNoiseStd;
  for (let agent = 0; agent < kernel.numAgents; agent++) {
    const offset = (agent * numEnvs + env) * size;
    for (let k = 0; k < size; k++) observations[offset + k] += noise * rng.normal();
  }
}

/** Zeros env `env`'s observations and global state (an env without auto-reset after its episode). */
export function clearObservation(kernel: Kernel, env: number): void {
  const size = kernel.observationSize;
  for (let agent = 0; agent < kernel.numAgents; agent++) {
    const offset = (agent * kernel.numEnvs + env) * size;
    kernel.observations.fill(0, offset, offset + size);
  }
  kernel.states.fill(0, env * kernel.stateSize, (env + 1) * kernel.stateSize);
}
