import { type Policy, Sfc32, type VecGridEnv } from "@grid/env";

/** Options of the `random` baseline. */
export interface RandomPolicyOptions {
  /** Seed of the action stream (0); the same seed gives the same actions on the same episodes. */
  seed?: number;
}

/**
 * `random`: every agent draws its action independently and uniformly at every step: a uniform level index in
 * discrete mode, a uniform value in [-1, 1] in continuous mode.
 */
export class RandomPolicy implements Policy {
  readonly name = "random";
  private readonly rng: Sfc32;

  constructor(options: RandomPolicyOptions = {}) {
    this.rng = new Sfc32(options.seed ?? 0);
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    const levels = env.numActions;
    for (let index = 0; index < actions.length; index++) {
      actions[index] = levels > 0 ? this.rng.integer(levels) : 2 * this.rng.uniform() - 1;
    }
  }
}
