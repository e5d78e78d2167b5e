/**
 * Seeded randomness for every resampling function (bootstrap, permutation
 * test): seedrandom's Alea generator, so that a given seed always gives the
 * same resamples on every platform.
 */
import seedrandom from "seedrandom";

/** A function returning uniform numbers in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/**
 * Creates the seeded uniform generator used by this package
 * (`seedrandom.alea(String(seed))`). Exported so callers can reproduce or
 * extend the resampling.
 */
export function createRandomSource(seed: number): RandomSource {
  const generator = seedrandom.alea(String(seed));
  return () => generator();
}
