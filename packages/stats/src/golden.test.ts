/**
 * Checks every function against the SciPy 1.10 / statsmodels 0.13 golden
 * vectors, within 1e-6 relative.
 *
 * The vector file is `$GRID_STATS_GOLDEN` when set; otherwise
 * `<shared>/reference/stats_golden_public.json`, where `<shared>` is
 * `$GRID_SHARED_DIR` when set, else the `shared` folder beside the repository
 * (`<repo>/../shared`).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { holmBonferroni } from "./corrections.js";
import { studentTCdf, studentTQuantile } from "./distributions.js";
import { cohensD } from "./effect-sizes.js";
import { mannWhitneyU } from "./rank-tests.js";
import { studentTTest, welchTTest } from "./t-tests.js";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const sharedDirectory = process.env.GRID_SHARED_DIR ?? resolve(repositoryRoot, "..", "shared");
const goldenPath = process.env.GRID_STATS_GOLDEN ?? resolve(sharedDirectory, "reference", "stats_golden_public.json");

interface TwoSampleVector {
  a: number[];
  b: number[];
}
interface TTestVector extends TwoSampleVector {
  t: number;
  df: number;
  p_two_sided: number;
}
interface MannWhitneyVector extends TwoSampleVector {
  U_a: number;
  p_two_sided_asymptotic_continuity?: number;
  p_two_sided_exact?: number;
}
interface TDistributionVector {
  x: number;
  df: number;
  cdf: number;
  "ppf_0.975": number;
}
interface HolmVector {
  p: number[];
  alpha: number;
  p_adjusted: number[];
  reject: boolean[];
}
interface CohensDVector extends TwoSampleVector {
  d: number;
}
interface GoldenFile {
  welch?: TTestVector[];
  student?: TTestVector[];
  mannwhitney?: MannWhitneyVector[];
  t_cdf?: TDistributionVector[];
  holm?: HolmVector[];
  cohens_d?: CohensDVector[];
}

const relativeTolerance = 1e-6;

/** |actual - expected| <= 1e-6 |expected| (an absolute 1e-12 when the expected value is 0). */
function expectClose(actual: number, expected: number, label: string): void {
  const allowed = expected === 0 ? 1e-12 : relativeTolerance * Math.abs(expected);
  const error = Math.abs(actual - expected);
  if (!(error <= allowed)) {
    throw new Error(`${label}: got ${actual}, expected ${expected} (error ${error}, allowed ${allowed})`);
  }
  expect(error).toBeLessThanOrEqual(allowed);
}

describe(`golden vectors (${goldenPath})`, () => {
  it("the golden file exists and has at least one known section", () => {
    expect(existsSync(goldenPath), `golden file not found at ${goldenPath}; set GRID_STATS_GOLDEN or GRID_SHARED_DIR`).toBe(true);
  });

  const golden: GoldenFile = existsSync(goldenPath) ? JSON.parse(readFileSync(goldenPath, "utf8")) : {};
  const sections = ["welch", "student", "mannwhitney", "t_cdf", "holm", "cohens_d"] as const;

  it("contains vectors", () => {
    const total = sections.reduce((count, key) => count + (golden[key]?.length ?? 0), 0);
    expect(total).toBeGreaterThan(0);
  });

  it.runIf((golden.welch?.length ?? 0) > 0)("welchTTest matches scipy.stats.ttest_ind(equal_var=False)", () => {
    golden.welch?.forEach((vector, index) => {
      const result = welchTTest(vector.a, vector.b);
      expectClose(result.statistic, vector.t, `welch[${index}].t`);
      expectClose(result.degreesOfFreedom, vector.df, `welch[${index}].df`);
      expectClose(result.pValue, vector.p_two_sided, `welch[${index}].p`);
    });
  });

  it.runIf((golden.student?.length ?? 0) > 0)("studentTTest matches scipy.stats.ttest_ind", () => {
    golden.student?.forEach((vector, index) => {
      const result = studentTTest(vector.a, vector.b);
      expectClose(result.statistic, vector.t, `student[${index}].t`);
      expectClose(result.degreesOfFreedom, vector.df, `student[${index}].df`);
      expectClose(result.pValue, vector.p_two_sided, `student[${index}].p`);
    });
  });

  it.runIf((golden.mannwhitney?.length ?? 0) > 0)("mannWhitneyU matches scipy.stats.mannwhitneyu", () => {
    golden.mannwhitney?.forEach((vector, index) => {
      const asymptotic = mannWhitneyU(vector.a, vector.b, { method: "asymptotic" });
      expectClose(asymptotic.statistic, vector.U_a, `mannwhitney[${index}].U_a`);
      if (vector.p_two_sided_asymptotic_continuity !== undefined) {
        expectClose(asymptotic.pValue, vector.p_two_sided_asymptotic_continuity, `mannwhitney[${index}].p (asymptotic)`);
      }
      if (vector.p_two_sided_exact !== undefined) {
        const exact = mannWhitneyU(vector.a, vector.b, { method: "exact" });
        expectClose(exact.pValue, vector.p_two_sided_exact, `mannwhitney[${index}].p (exact)`);
      }
    });
  });

  it.runIf((golden.t_cdf?.length ?? 0) > 0)("studentTCdf and studentTQuantile match scipy.stats.t", () => {
    golden.t_cdf?.forEach((vector, index) => {
      expectClose(studentTCdf(vector.x, vector.df), vector.cdf, `t_cdf[${index}].cdf`);
      expectClose(studentTQuantile(0.975, vector.df), vector["ppf_0.975"], `t_cdf[${index}].ppf_0.975`);
    });
  });

  it.runIf((golden.holm?.length ?? 0) > 0)("holmBonferroni matches statsmodels multipletests(method='holm')", () => {
    golden.holm?.forEach((vector, index) => {
      const result = holmBonferroni(vector.p, { alpha: vector.alpha });
      expect(result.adjustedPValues).toHaveLength(vector.p_adjusted.length);
      vector.p_adjusted.forEach((expected, position) => {
        expectClose(result.adjustedPValues[position], expected, `holm[${index}].p_adjusted[${position}]`);
      });
      expect(result.reject, `holm[${index}].reject`).toEqual(vector.reject);
    });
  });

  it.runIf((golden.cohens_d?.length ?? 0) > 0)("cohensD matches the pooled-SD definition", () => {
    golden.cohens_d?.forEach((vector, index) => {
      expectClose(cohensD(vector.a, vector.b), vector.d, `cohens_d[${index}].d`);
    });
  });
});
