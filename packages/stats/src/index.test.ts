import { describe, expect, it } from "vitest";
import * as stats from "./index.js";

describe("public surface", () => {
  it("exports exactly the documented functions and classes", () => {
    expect(Object.keys(stats).sort()).toEqual(
      [
        "StatsInputError",
        "ablationTable",
        "ablationTableToCsv",
        "ablationTableToJson",
        "ablationTableToMarkdown",
        "aggregateScores",
        "benjaminiHochberg",
        "bootstrapConfidenceInterval",
        "cohensD",
        "createRandomSource",
        "describe",
        "hedgesCorrection",
        "hedgesG",
        "holmBonferroni",
        "interquartileMean",
        "mannWhitneyU",
        "meanConfidenceInterval",
        "normalCdf",
        "normalSurvival",
        "optimalityGap",
        "pairedTTest",
        "performanceProfile",
        "permutationTest",
        "probabilityOfImprovement",
        "stratifiedBootstrapConfidenceInterval",
        "studentTCdf",
        "studentTQuantile",
        "studentTSurvival",
        "studentTTest",
        "welchTTest",
      ].sort(),
    );
  });

  it("createRandomSource is deterministic per seed", () => {
    const first = stats.createRandomSource(5);
    const second = stats.createRandomSource(5);
    const draws = Array.from({ length: 5 }, () => first());
    expect(Array.from({ length: 5 }, () => second())).toEqual(draws);
    for (const draw of draws) {
      expect(draw).toBeGreaterThanOrEqual(0);
      expect(draw).toBeLessThan(1);
    }
  });
});
