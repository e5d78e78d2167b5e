import { describe, expect, it } from "vitest";
import { fakeResult, fakeStudy, fakeStudyResults } from "./__fixtures__/results.js";
import { answerLines } from "./answer.js";
import { deriveMetrics } from "./derive.js";
import { referenceComparisons } from "./significance.js";

const study = fakeStudy;

function answer(results = fakeStudyResults()) {
  const derived = deriveMetrics(results);
  return answerLines(study, derived, referenceComparisons(derived, ["greedy", "rule"], ["systemCostUsd", "gapClosed"]));
}

describe("the answer sentence", () => {
  it("states the question, then the best learned policy's cost with its interval and n against each baseline", () => {
    const lines = answer();
    expect(lines[0]).toBe("**Question.** Can decentralised agents learn efficient allocation?");
    const sentence = lines.find((line) => line.startsWith("- **seed / default**")) ?? "";
    // mappo: mean 8.95 over 4 seeds (t-interval 8.95 +- 3.182 x 0.1041); rule 9.86: (9.86 - 8.95) / 9.86 = 9.2% below.
    expect(sentence).toMatch(/^- \*\*seed \/ default\*\*: `mappo` costs 8\.95 \[8\.62, 9\.28\] \$\/day \(n = 4\)/);
    expect(sentence).toContain("13% below `greedy` (10.3 $/day), p = 0.0");
    expect(sentence).toContain("9.2% below `rule` (9.86 $/day), p = 0.0");
    expect(sentence).toMatch(/Holm, with 0 violating steps\/day; it closes 62 \[\d+, \d+\]% of the rule-to-optimum gap\./);
    expect(sentence).toContain("The other learned policies: `ippo` 10.1 $/day.");
  });

  it("says when the difference is not significant, and when the policy costs more", () => {
    const results = [fakeResult("greedy", 0, 10), fakeResult("rule", 0, 9.5), ...[9.4, 10.6].map((cost, seed) => fakeResult("mappo", seed, cost, { kind: "algorithm" }))];
    const sentence = answer(results).find((line) => line.startsWith("- ")) ?? "";
    expect(sentence).toContain("`mappo` costs 10.0 [2.4, 17.6] $/day (n = 2), 0% below `greedy` (10 $/day), not significant (p = 1 Holm)");
    expect(sentence).toMatch(/5\.3% above `rule` \(9\.50 \$\/day\), not significant \(p = [\d.]+ Holm\)/);
  });

  it("flags quick mode as a smoke run", () => {
    const results = fakeStudyResults().map((result) => ({ ...result, spec: { ...result.spec, quick: true } }));
    expect(answer(results)).toContain("**Quick mode** (4 seeds, 1500 training env-steps per run): a smoke run of the pipeline, not a result.");
  });

  it("names a study of baselines only as such: the cheapest baseline first, the others as baselines, no tests", () => {
    const lines = answer([fakeResult("greedy", 0, 10), fakeResult("rule", 0, 9.5), fakeResult("idle", 0, 11)]);
    expect(lines).toContain(
      "**Answer.** System cost per test day at the day-ahead price of each baseline (a study of baselines only: one run of each deterministic one, nothing to test), the cheapest first.",
    );
    const sentence = lines.find((line) => line.startsWith("- ")) ?? "";
    expect(sentence).toMatch(/^- \*\*seed \/ default\*\*: `rule` costs 9\.50 \$\/day \(n = 1\)/);
    expect(sentence).toContain("The other baselines: `greedy` 10, `idle` 11 $/day.");
    expect(sentence).not.toContain("learned");
  });
});
