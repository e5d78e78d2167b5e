import { VecGridEnv } from "@grid/env";

/**
 * A scratch copy of an environment for measuring candidate actions with the real physics and reward (never a
 * re-implementation of the step): {@link load} puts one env's current state (episode position, battery state
 * of charge, previous net import, flexibility used, backlog) into every scratch env, then the caller fills
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
    const source = this.source;
    const scratch = this.scratch;
    const numConsumers = source.numConsumers;
    for (let target = 0; target < scratch.numEnvs; target++) {
      scratch.startStep[target] = source.startStep[envIndex];
      scratch.stepInEpisode[target] = source.stepInEpisode[envIndex];
      scratch.soc[target] = source.soc[envIndex];
      scratch.prevNetImportKw[target] = source.prevNetImportKw[envIndex];
      scratch.finished[target] = 0;
      for (let c = 0; c < numConsumers; c++) {
        scratch.flexUsedKwh[target * numConsumers + c] = source.flexUsedKwh[envIndex * numConsumers + c];
        scratch.backlogKwh[target * numConsumers + c] = source.backlogKwh[envIndex * numConsumers + c];
      }
    }
  }
}
