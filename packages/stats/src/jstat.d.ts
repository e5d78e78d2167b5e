/**
 * Minimal type declarations for the parts of `jstat` (1.9.x) this package uses.
 * jstat ships no types of its own; its CommonJS export is the `jStat` object.
 */
declare module "jstat" {
  interface JStatStudentT {
    /** Cumulative distribution function of Student's t with `degreesOfFreedom`. */
    cdf(x: number, degreesOfFreedom: number): number;
    /** Quantile (inverse CDF) of Student's t with `degreesOfFreedom`. */
    inv(probability: number, degreesOfFreedom: number): number;
  }
  interface JStatNormal {
    /** Normal cumulative distribution function. */
    cdf(x: number, mean: number, standardDeviation: number): number;
    /** Normal quantile function. */
    inv(probability: number, mean: number, standardDeviation: number): number;
  }
  interface JStatStatic {
    studentt: JStatStudentT;
    normal: JStatNormal;
    /** Natural logarithm of the gamma function. */
    gammaln(x: number): number;
  }
  const jStat: JStatStatic;
  export default jStat;
}
