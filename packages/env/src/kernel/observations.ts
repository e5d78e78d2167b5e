import type { Sfc32 } from "../rng.js";
import { writeMessages } from "./communication.js";
import { writeForecastFeatures } from "./forecast-features.js";
import { type Kernel, profileStep } from "./kernel.js";
import { OBSERVATION_INDEX, STATE_INDEX } from "./observation-index.js";

/** Writes env `env`'s observations (every agent) and global state at its current step; `rng` gives the noise. */
export function writeObservation(kernel: Kernel, env: number, rng: Sfc32): void {
  const { config, data, state, numEnvs, numConsumers, numAgents, producerIndex, observationSize: size, observations } = kernel;
  const t = profileStep(state, env);
  writeState(kernel, env, t, rng);
  // The feeder's entries, as the state has them.
  const stateOffset = env * kernel.stateSize;
  const states = kernel.states;
  const hourSin = states[stateOffset + STATE_INDEX.hourSin];
  const hourCos = states[stateOffset + STATE_INDEX.hourCos];
  const feederLoad = states[stateOffset + STATE_INDEX.feederLoad];
  const solar = states[stateOffset + STATE_INDEX.solar];
  const solarForecast = states[stateOffset + STATE_INDEX.solarForecast];
  const priceZ = states[stateOffset + STATE_INDEX.priceZ];
  const batterySoc = states[stateOffset + STATE_INDEX.batterySoc];
  const netImport = states[stateOffset + STATE_INDEX.netImport];
  const { consumerLoadKw, profileLength, maxLoadKw } = data;
  const { flexUsedKwh, backlogKwh } = state;
  const budgetKwh = config.flexBudgetKwh;
  const shift = config.flexibilityMode === "shift";
  const consumerBase = env * numConsumers;
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
      observations[offset + OBSERVATION_INDEX.ownSignal] = agent === producerIndex ? state.soc[env] : state.prevNetImportKw[env] / config.feederCapacityKw;
    }
  }
  const { forecastSize, forecastStart, stateForecastStart } = kernel.layout;
  if (forecastSize > 0) {
    const from = stateOffset + stateForecastStart;
    for (let agent = 0; agent < numAgents; agent++) {
      const offset = (agent * numEnvs + env) * size + forecastStart;
      for (let k = 0; k < forecastSize; k++) observations[offset + k] = states[from + k];
    }
  }
  if (config.communication !== "none") writeMessages(kernel, env, rng);
  if (config.observationNoiseStd > 0) addObservationNoise(kernel, env, rng);
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

/** Writes env `env`'s global state at profile step `t` (the solar forecast and the forecast block with their noise from `rng`). */
function writeState(kernel: Kernel, env: number, t: number, rng: Sfc32): void {
  const { config, data, state, numConsumers, states } = kernel;
  const features = data.profiles.features;
  const offset = env * kernel.stateSize;
  let forecastNorm = features.solarForecast1h[t] / data.maxSolarKw;
  if (config.forecastNoiseStd > 0) forecastNorm *= 1 + config.forecastNoiseStd * rng.normal();
  states[offset + STATE_INDEX.hourSin] = features.hourSin[t];
  states[offset + STATE_INDEX.hourCos] = features.hourCos[t];
  states[offset + STATE_INDEX.feederLoad] = data.profiles.baseLoadKw[t] / data.maxLoadKw;
  states[offset + STATE_INDEX.solar] = data.profiles.solarKw[t] / data.maxSolarKw;
  states[offset + STATE_INDEX.solarForecast] = forecastNorm;
  states[offset + STATE_INDEX.priceZ] = features.priceZ[t];
  states[offset + STATE_INDEX.batterySoc] = state.soc[env];
  states[offset + STATE_INDEX.netImport] = state.prevNetImportKw[env] / config.feederCapacityKw;
  for (let c = 0; c < numConsumers; c++) {
    states[offset + STATE_INDEX.consumerFlexUsedStart + c] = state.flexUsedKwh[env * numConsumers + c] / config.flexBudgetKwh;
  }
  if (kernel.layout.forecastSize > 0) writeForecastFeatures(data, config.forecastNoiseStd, t, rng, states, offset + kernel.layout.stateForecastStart);
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
