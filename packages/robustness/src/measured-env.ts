import type { VecGridEnv } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";

/**
 * The observation entries that are measurements (the rest are the clock, the price and messages): the feeder's
 * base load (2), solar (3), the battery's state of charge (6) and the previous net import (7) for every agent; a
 * consumer's own load (8); the producer's state of charge and the operator's import (10).
 */
export function measuredEntries(env: VecGridEnv, agent: number): readonly number[] {
  return agent < env.numConsumers ? CONSUMER_ENTRIES : OTHER_ENTRIES;
}
const CONSUMER_ENTRIES = [2, 3, 6, 7, 8];
const OTHER_ENTRIES = [2, 3, 6, 7, 10];

/**
 * What a policy measures of an environment, as buffers of its own: every agent's observation, the battery's state
 * of charge, and the current step's feeder solar, feeder base load and each consumer's load (which the rule, MPC and
 * the forecasts read from the profile table). {@link view} is the environment as the policy sees it: these buffers
 * in place of the environment's, everything else the environment's own. A sensor fault edits the buffers after
 * {@link capture}; the fallback filter repairs them; the physics never reads them.
 */
export class MeasuredEnv {
  readonly observations: Float32Array;
  readonly soc: Float64Array;
  readonly solarKw: Float64Array;
  readonly baseLoadKw: Float64Array;
  /** [consumer][profile step], as `VecGridEnv.consumerLoadKw`. */
  readonly consumerLoadKw: Float64Array;
  readonly view: VecGridEnv;

  constructor(readonly source: VecGridEnv) {
    this.observations = new Float32Array(source.observations.length);
    this.soc = new Float64Array(source.soc.length);
    this.solarKw = Float64Array.from(source.profiles.solarKw);
    this.baseLoadKw = Float64Array.from(source.profiles.baseLoadKw);
    this.consumerLoadKw = Float64Array.from(source.consumerLoadKw);
    const profiles: ProfileTable = { ...source.profiles, solarKw: this.solarKw, baseLoadKw: this.baseLoadKw };
    const overrides = new Map<PropertyKey, unknown>([
      ["observations", this.observations],
      ["soc", this.soc],
      ["profiles", profiles],
      ["consumerLoadKw", this.consumerLoadKw],
    ]);
    this.view = new Proxy(source, {
      get: (target, property, receiver) => (overrides.has(property) ? overrides.get(property) : Reflect.get(target, property, receiver)),
    });
  }

  /** Copies the source's measurements of the current step into the buffers (later steps keep the source's values). */
  capture(): void {
    const source = this.source;
    this.observations.set(source.observations);
    this.soc.set(source.soc);
    const length = source.profileLength;
    for (let envIndex = 0; envIndex < source.numEnvs; envIndex++) {
      const t = source.currentStep(envIndex);
      this.solarKw[t] = source.profiles.solarKw[t];
      this.baseLoadKw[t] = source.profiles.baseLoadKw[t];
      for (let c = 0; c < source.numConsumers; c++) this.consumerLoadKw[c * length + t] = source.consumerLoadKw[c * length + t];
    }
  }

  /** Index of agent `agent`'s observation row for env `envIndex` in {@link observations}, times the row's size. */
  rowOffset(agent: number, envIndex: number): number {
    return (agent * this.source.numEnvs + envIndex) * this.source.observationSize;
  }
}
