import type { VecGridEnv } from "@grid/env";

/**
 * The action that stands for `value` (in [-1, 1]) in `env`'s action mode: in continuous mode the value clipped
 * to [-1, 1]; in discrete mode the index of the nearest of the K evenly spaced levels (the article's 3 levels
 * -1, 0, +1 give indices 0, 1, 2). A value exactly between two levels goes to the lower one, so "hold" (0) with
 * an even number of levels is the level just below 0.
 */
export function actionForValue(env: VecGridEnv, value: number): number {
  const clipped = value < -1 ? -1 : value > 1 ? 1 : value;
  if (env.numActions === 0) return clipped;
  const position = ((clipped + 1) / 2) * (env.numActions - 1);
  const index = Math.ceil(position - 0.5);
  return index <= 0 ? 0 : index >= env.numActions ? env.numActions - 1 : index;
}

/** The "hold" action (consumers hold, the battery idles, the tariff adder is 0) in `env`'s action mode. */
export function holdAction(env: VecGridEnv): number {
  return actionForValue(env, 0);
}
