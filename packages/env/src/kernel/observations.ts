import type { Sfc32 } from "../rng.js";
import { writeMessages } from "./communication.js";
import { writeForecastFeatures } from "./forecast-features.js";
import { type Kernel, profileStep } from "./kernel.js";
import { OBSERVATION_INDEX, STATE_INDEX } from "./observation-index.js";

/**
 * Writes env `env`'s observations (every agent) and global state at its current step; `rng` gives the noise. The
 * feeder's entries are computed once and written to the state and to every agent's observation alike.
 */
export function writeObservation(kernel: Kernel, env: number, rng: Sfc32): void {
  const { config, data, state, numEnvs, numConsumers, numAgents, producerIndex, observationSize: size, observations, states } = kernel;
  const t = profileStep(state, env);
  const { features, baseLoadKw, solarKw } = data.profiles;
  const { consumerLoadKw, profileLength, maxLoadKw, maxSolarKw } = data;
  let solarForecast = features.solarForecast1h[t] / maxSolarKw;
  if (config.forecastNoiseStd > 0) solarForecast *= 1 + config.forecastNoiseStd * rng.normal();
  const hourSin = features.hourSin[t];
  const hourCos = features.hourCos[t];
  const feederLoad = baseLoadKw[t] / maxLoadKw;
  const solar = solarKw[t] / maxSolarKw;
  const priceZ = features.priceZ[t];
  const batterySoc = state.soc[env];
  const netImport = state.prevNetImportKw[env] / config.feederCapacityKw;
  const { flexUsedKwh, backlogKwh } = state;
  const budgetKwh = config.flexBudgetKwh;
  const stateOffset = env * kernel.stateSize;
  states[stateOffset + STATE_INDEX.hourSin] = hourSin;
  states[stateOffset + STATE_INDEX.hourCos] = hourCos;
  states[stateOffset + STATE_INDEX.feederLoad] = feederLoad;
  states[stateOffset + STATE_INDEX.solar] = solar;
  states[stateOffset + STATE_INDEX.solarForecast] = solarForecast;
  states[stateOffset + STATE_INDEX.priceZ] = priceZ;
  states[stateOffset + STATE_INDEX.batterySoc] = batterySoc;
  states[stateOffset + STATE_INDEX.netImport] = netImport;
  const consumerBase = env * numConsumers;
  for (let c = 0; c < numConsumers; c++) states[stateOffset + STATE_INDEX.consumerFlexUsedStart + c] = flexUsedKwh[consumerBase + c] / budgetKwh;
  const shift = config.flexibilityMode === "shift";
  for (let agent = 0; agent < numAgents; agent++) {
    const offset = (agent * numEnvs + env) * size;
    observations[offset + OBSERVATION_INDEX.hourSin] = hourSin;
    observations[offset + OBSERVATION_INDEX.hourCos] = hourCos;
    observations[offset + OBSERVATION_INDEX.feederLoad] = feederLoad;
    observations[offset + OBSERVATION_INDEX.solar] = solar;
    observations[offset + OBSERVATION_INDEX.solarForecast] = solarForecast;
    observations[offset + OBSERVATION_INDEX.priceZ] = priceZ;
    observations[offset + OBSERVATION_INDEX.batterySoc] = batterySoc;
    observations[offset + OBSERVATION_INDEX.netImport] = netImport;
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
