import { copyGridState, VecGridEnv } from "@grid/env";

/**
 * A scratch copy of an environment for measuring candidate actions with the real physics and reward (never a
 * re-implementation of the step): {@link load} copies one env's state (`copyGridState`: episode position, battery
 * state of charge, previous net import, flexibility used, backlog, messages) into every scratch env, then the caller fills
 * `scratch.actions` and calls `scratch.step()` and reads `scratch.rewards` and `scratch.info`.
 */
export class EnvProbe {
  readonly scratch: VecGridEnv;

  constructor(
    readonly source: VecGridEnv,
    numEnvs: number,
  ) {
    // A profile with its own consumers must not be given consumerShares again (the env rejects the mismatch).
    const { consumerShares, ...withoutShares } = source.config;
    this.scratch = new VecGridEnv({
      profiles: source.profiles,
      config: source.profiles.consumers ? withoutShares : { ...withoutShares, consumerShares },
      numEnvs,
      autoReset: false,
    });
  }

  /** Copies env `envIndex` of the source into every scratch env. */
  load(envIndex: number): void {
    const scratch = this.scratch;
    for (let target = 0; target < scratch.numEnvs; target++) copyGridState(this.source.gridState, envIndex, scratch.gridState, target);
  }
}
