import { getScenario, VecGridEnv } from "@grid/env";
import { beforeAll, describe, expect, it } from "vitest";
import { dispatchProblemFromEnv, solveDispatch } from "./dispatch-program.js";
import { evaluatePolicy } from "./evaluate.js";
import { IdlePolicy } from "./idle.js";
import { OptimalPolicy } from "./optimal.js";
import { RulePolicy } from "./rule.js";
import { type LinearSolver, loadLinearSolver } from "./solver.js";

/**
 * The reference figures of shared/reference/README.md, reproduced through the real environment on the
 * `seed-reference` scenario (the article's exact profiles), days 0-19, one episode per day. The figures there are
 * rounded to 2 decimals; the LP figures are SciPy's HiGHS and must agree within 0.5%.
 */
const scenario = getScenario("seed-reference");
const profiles = scenario.loadProfiles();
const days = { first: 0, last: 19 };
let solver: LinearSolver;

beforeAll(async () => {
  solver = await loadLinearSolver();
});

describe("reference figures, seed-reference days 0-19", () => {
  it("idle costs 10.88 $/day", () => {
    const result = evaluatePolicy(new IdlePolicy(), { profiles, days });
    expect(result.episodes).toHaveLength(20);
    expect(result.aggregate.energyCostUsd).toBeCloseTo(10.88, 2);
    expect(result.aggregate.peakImportKw).toBeCloseTo(8.96, 2);
    expect(result.aggregate.violatingSteps).toBeCloseTo(0.05, 2);
    console.log(`idle: ${result.aggregate.energyCostUsd.toFixed(4)} $/day`);
  });

  it("the rule (consumers hold, solar > 2 kW charges, 17:00-21:00 discharges) costs 9.80 $/day, peak 8.62 kW, no violation", () => {
    const result = evaluatePolicy(new RulePolicy({ solarThresholdKw: 2.0, dischargeStartHour: 17, dischargeEndHour: 21 }), { profiles, days });
    expect(result.aggregate.energyCostUsd).toBeCloseTo(9.8, 2);
    expect(result.aggregate.peakImportKw).toBeCloseTo(8.62, 2);
    expect(result.aggregate.violatingSteps).toBe(0);
    console.log(`rule: ${result.aggregate.energyCostUsd.toFixed(4)} $/day, peak ${result.aggregate.peakImportKw.toFixed(4)} kW`);
  });

  it("the perfect-foresight optimum with curtailment costs 8.33 $/day within 0.5%, and the env agrees with the plan", () => {
    const policy = new OptimalPolicy(solver);
    const result = evaluatePolicy(policy, { profiles, days, config: { actionMode: "continuous" } });
    expect(Math.abs(result.aggregate.energyCostUsd - 8.33) / 8.33).toBeLessThan(0.005);
    expect(result.aggregate.congestionSteps).toBe(0);
    result.episodes.forEach((episode, envIndex) => {
      expect(Math.max(...episode.flexUsedKwh)).toBeLessThanOrEqual(3);
      // The program's objective is the env's measured cost: the replayed day costs what the plan said.
      expect(episode.energyCostUsd).toBeCloseTo(policy.plans[envIndex]!.energyCostUsd, 4);
    });
    console.log(`optimal (curtail): ${result.aggregate.energyCostUsd.toFixed(4)} $/day`);
  });

  it("with energy-neutral shifting the optimum costs 9.25 $/day within 0.5%", () => {
    const config = { actionMode: "continuous", flexibilityMode: "shift" } as const;
    const result = evaluatePolicy(new OptimalPolicy(solver), { profiles, days, config });
    expect(Math.abs(result.aggregate.energyCostUsd - 9.25) / 9.25).toBeLessThan(0.005);
    expect(result.aggregate.unservedKwh).toBeLessThan(1e-4);
    console.log(`optimal (shift): ${result.aggregate.energyCostUsd.toFixed(4)} $/day`);
  });

  it("the optimum never costs more than idle or the rule on any day", () => {
    const env = new VecGridEnv({ profiles, config: { actionMode: "continuous" }, autoReset: false });
    const idle = evaluatePolicy(new IdlePolicy(), { profiles, days });
    const rule = evaluatePolicy(new RulePolicy(), { profiles, days });
    idle.episodes.forEach((episode, day) => {
      env.reset({ startSteps: episode.startStep });
      const plan = solveDispatch(
        solver,
        dispatchProblemFromEnv(env, 0, 96, "perfect", { congestionPenaltyUsdPerKwh: 1000, spillPenaltyUsdPerKwh: 1e-4 }),
      );
      expect(plan.energyCostUsd).toBeLessThanOrEqual(episode.energyCostUsd + 1e-9);
      expect(plan.energyCostUsd).toBeLessThanOrEqual(rule.episodes[day].energyCostUsd + 1e-9);
    });
  });
});
