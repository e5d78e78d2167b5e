import type { Policy, VecGridEnv } from "@grid/env";
import { computeFeatures, type ProfileTable } from "@grid/profiles";

/** A hand-made profile table of hourly steps starting at midnight, small enough to compute episodes on paper. */
export function tinyProfiles(baseLoadKw: number[], solarKw: number[], dayAheadPriceUsdPerKwh: number[]): ProfileTable {
  const length = baseLoadKw.length;
  const hourOfDay = Float64Array.from({ length }, (_, t) => t % 24);
  const load = Float64Array.from(baseLoadKw);
  const solar = Float64Array.from(solarKw);
  const price = Float64Array.from(dayAheadPriceUsdPerKwh);
  return {
    timestampsMs: Float64Array.from({ length }, (_, t) => Date.UTC(2024, 0, 1) + t * 3_600_000),
    hourOfDay,
    stepHours: 1,
    baseLoadKw: load,
    solarKw: solar,
    temperatureC: new Float64Array(length).fill(20),
    dayAheadPriceUsdPerKwh: price,
    features: computeFeatures(hourOfDay, load, solar, price),
    source: "tiny test table",
    notes: [],
  };
}

/** A policy that plays fixed action values per step of the episode: `values[step][agent]`, in [-1, 1]. */
export class ScriptedPolicy implements Policy {
  readonly name: string;
  constructor(
    private readonly values: number[][],
    name = "scripted",
  ) {
    this.name = name;
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    for (let envIndex = 0; envIndex < env.numEnvs; envIndex++) {
      const row = this.values[env.stepInEpisode[envIndex]];
      for (let agent = 0; agent < env.numAgents; agent++) actions[agent * env.numEnvs + envIndex] = row[agent];
    }
  }
}
