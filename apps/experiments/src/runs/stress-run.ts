import { createBaseline } from "@grid/baselines";
import type { GridConfigInput, Policy, Scenario } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import { measureStress, type StressMeasurement } from "@grid/robustness";
import type { RunSpec } from "./expand.js";

/**
 * A run's stress test (the study's `stress`): its policy, made afresh for every evaluation by `policy`, behind the
 * rule as the fallback, on the run's test days under every case of the suite, in the configuration it was evaluated
 * in. One policy seed (this run's); the report pools the runs of a cell over their training seeds.
 */
export async function stressOfRun(
  spec: RunSpec,
  policy: () => Promise<Policy>,
  where: { scenario: Scenario; profiles: ProfileTable; config: GridConfigInput },
): Promise<StressMeasurement | undefined> {
  if (spec.stress === undefined) return undefined;
  try {
    return await measureStress(
      { name: spec.policy, policies: [policy], fallback: () => createBaseline("rule") },
      { profiles: where.profiles, config: where.config, testDays: where.scenario.testDays, suite: spec.stress },
    );
  } catch (error) {
    throw new Error(`${spec.id}: stress test (study.stress): ${(error as Error).message}`, { cause: error });
  }
}
