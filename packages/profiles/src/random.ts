import seedrandom from "seedrandom";

/** A seeded source of uniform and standard-normal numbers (seedrandom's alea generator, Box-Muller normals). */
export interface RandomSource {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

/** A seeded random source; the same seed gives the same sequence on every platform. */
export function createRandom(seed: number | string): RandomSource {
  const generator = seedrandom.alea(String(seed));
  let spare = Number.NaN;
  return {
    uniform: () => generator(),
    normal: () => {
      if (!Number.isNaN(spare)) {
        const value = spare;
        spare = Number.NaN;
        return value;
      }
      let u = generator();
      while (u <= Number.EPSILON) u = generator();
      const v = generator();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
  };
}
