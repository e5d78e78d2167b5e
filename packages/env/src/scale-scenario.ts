import { buildProfileTable, type ConsumerProfile, createRandom, type ProfileTable } from "@grid/profiles";
import { parseGridConfig } from "./config.js";
import { scaleFeederConfig } from "./scenario-presets.js";
import type { Scenario } from "./scenarios.js";

/** The consumers of a table: its own, or the feeder load split by the configuration's shares. */
function consumersOf(profiles: ProfileTable, shares: number[], flexKw: number | number[]): ConsumerProfile[] {
  if (profiles.consumers) return profiles.consumers;
  return shares.map((share, index) => ({
    id: `consumer_${index}`,
    loadKw: profiles.baseLoadKw.map((load) => load * share),
    flexKw: Array.isArray(flexKw) ? flexKw[index] : flexKw,
  }));
}

function rotate(series: Float64Array, shiftSteps: number): Float64Array {
  const length = series.length;
  const out = new Float64Array(length);
  for (let t = 0; t < length; t++) out[t] = series[(((t - shiftSteps) % length) + length) % length];
  return out;
}

/**
 * Replicates a table's consumers to `numConsumers`: consumer k copies consumer k mod N of the original, scaled
 * by a seeded factor in [0.85, 1.15] (load, own PV and flexible power alike) and shifted by -2..2 steps so
 * copies do not peak in lockstep; consumers 0..N-1 stay as they are (a smaller N keeps the first ones). Solar
 * that no consumer owns (the article's feeder PV) scales by numConsumers / N.
 */
export function replicateConsumers(profiles: ProfileTable, numConsumers: number, shares: number[], flexKw: number | number[], seed = 0): ProfileTable {
  const original = consumersOf(profiles, shares, flexKw);
  const count = original.length;
  const random = createRandom(`scale:${seed}`);
  const consumers: ConsumerProfile[] = [];
  for (let k = 0; k < numConsumers; k++) {
    const factorDraw = random.uniform();
    const shiftDraw = random.uniform();
    const source = original[k % count];
    if (k < count) {
      consumers.push(source);
      continue;
    }
    const factor = 0.85 + 0.3 * factorDraw;
    const shift = Math.floor(shiftDraw * 5) - 2;
    consumers.push({
      id: `${source.id}_copy${Math.floor(k / count)}`,
      loadKw: rotate(source.loadKw, shift).map((value) => value * factor),
      ...(source.solarKw ? { solarKw: rotate(source.solarKw, shift).map((value) => value * factor) } : {}),
      ...(source.flexKw !== undefined ? { flexKw: source.flexKw * factor } : {}),
    });
  }
  const length = profiles.baseLoadKw.length;
  const ownedSolar = new Float64Array(length);
  for (const consumer of original) if (consumer.solarKw) for (let t = 0; t < length; t++) ownedSolar[t] += consumer.solarKw[t];
  const newOwned = new Float64Array(length);
  for (const consumer of consumers) if (consumer.solarKw) for (let t = 0; t < length; t++) newOwned[t] += consumer.solarKw[t];
  const solarKw = new Float64Array(length);
  for (let t = 0; t < length; t++) solarKw[t] = newOwned[t] + Math.max(0, profiles.solarKw[t] - ownedSolar[t]) * (numConsumers / count);
  return buildProfileTable({
    ...profiles,
    baseLoadKw: undefined,
    solarKw,
    consumers,
    notes: [...profiles.notes, `consumers replicated from ${count} to ${numConsumers} (scaled 0.85-1.15, shifted -2..2 steps; seed ${seed})`],
  });
}

/**
 * The scenario with `numConsumers` consumers (a study scaling 3 to 300 consumers). A scenario that regenerates
 * its own households (`withConsumers`: the synthetic presets) draws new households and scales the feeder and
 * battery by numConsumers / its count. Any other scenario replicates its consumers ({@link replicateConsumers})
 * and scales the feeder capacity, export limit, battery capacity and battery power by the ratio of the new
 * consumers' total load energy to the old (about numConsumers / N). The split by date is kept.
 */
export function scaleScenario(scenario: Scenario, numConsumers: number, seed = 0): Scenario {
  if (!Number.isInteger(numConsumers) || numConsumers < 1) {
    throw new RangeError(`numConsumers: ${numConsumers}; expected a whole number >= 1`);
  }
  if (scenario.withConsumers) return scenario.withConsumers(numConsumers);
  const config = parseGridConfig(scenario.config, `scenario "${scenario.name}".config`);
  let cached: { profiles: ProfileTable; factor: number } | undefined;
  const build = () => {
    if (!cached) {
      const original = scenario.loadProfiles();
      const profiles = replicateConsumers(original, numConsumers, config.consumerShares, config.flexKw, seed);
      let before = 0;
      let after = 0;
      for (let t = 0; t < original.baseLoadKw.length; t++) {
        before += original.baseLoadKw[t];
        after += profiles.baseLoadKw[t];
      }
      cached = { profiles, factor: after / before };
    }
    return cached;
  };
  const { consumerShares: _shares, ...rest } = scenario.config;
  return {
    name: `${scenario.name}@${numConsumers}`,
    description: `${scenario.description} Scaled to ${numConsumers} consumers (replicated; feeder and battery scaled by the load energy ratio).`,
    loadProfiles: () => build().profiles,
    get config() {
      return {
        ...scaleFeederConfig(rest, build().factor, config),
        flexKw: Array.isArray(config.flexKw) ? config.flexKw[0] : config.flexKw,
      };
    },
    trainDays: scenario.trainDays,
    testDays: scenario.testDays,
  };
}
