import type { VecGridEnv } from "@grid/env";

/**
 * The action that stands for `value` (in [-1, 1]) in `env`'s action mode: in continuous mode the value clipped
 * to [-1, 1]; in discrete mode the index of the nearest of the env's levels (`env.actionValues`: the article's 3
 * levels -1, 0, +1 give indices 0, 1, 2). A value exactly between two levels goes to the lower one, so "hold" (0)
 * with an even number of levels is the level just below 0.
 */
export function actionForValue(env: VecGridEnv, value: number): number {
  const clipped = value < -1 ? -1 : value > 1 ? 1 : value;
  if (env.numActions === 0) return clipped;
  const levels = env.actionValues;
  // Ties (within rounding: -1 + 2/3 and -1 + 4/3 are not exactly opposite) go to the lower level.
  let best = 0;
  let bestDistance = Math.abs(levels[0] - clipped);
  for (let k = 1; k < levels.length; k++) {
    const distance = Math.abs(levels[k] - clipped);
    if (distance < bestDistance - 1e-12) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}

/** The "hold" action (consumers hold, the battery idles, the tariff adder is 0) in `env`'s action mode. */
export function holdAction(env: VecGridEnv): number {
  return actionForValue(env, 0);
}
