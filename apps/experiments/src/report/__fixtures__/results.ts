import type { DayTraces } from "../../runs/day-trace.js";
import type { RunSpec } from "../../runs/expand.js";
import type { RunResult } from "../../runs/store.js";
import { type Study, studySchema } from "../../studies/schema.js";

/** The study {@link fakeStudyResults} come from: ippo and mappo against idle, greedy, rule and the optimum on `seed`. */
export const fakeStudy: Study = studySchema.parse({
  name: "t",
  description: "Can decentralised agents learn efficient allocation?",
  scenarios: ["seed"],
  algorithms: [{ name: "ippo" }, { name: "mappo" }],
  baselines: ["idle", "greedy", "rule", "optimal"],
});

/** A run's result with the given system cost (and any other metrics), for report tests. */
export function fakeResult(
  policy: string,
  seed: number,
  systemCostUsd: number,
  options: { kind?: RunSpec["kind"]; metrics?: Record<string, number>; days?: DayTraces; quick?: boolean } = {},
): RunResult {
  const kind = options.kind ?? "baseline";
  return {
    spec: {
      id: `seed__default__${policy}__s${seed}`,
      study: "t",
      kind,
      policy,
      scenario: "seed",
      setting: { name: "default", description: "", env: {} },
      seed,
      trainSteps: kind === "algorithm" ? 1500 : 0,
      defaultTrainSteps: 1500,
      quick: options.quick ?? false,
    },
    backend: kind === "algorithm" ? "cpu" : "none",
    metrics: { systemCostUsd, violatingSteps: 0, comfortOverflowTotalKwh: 0, ...options.metrics },
    ...(kind === "algorithm" ? { learningCurve: [0, 1].map((i) => ({ envSteps: 750 * (i + 1), energyCostUsd: systemCostUsd + 1 - i, systemCostUsd: systemCostUsd + 1 - i, episodeReturn: -1 })) } : {}),
    ...(options.days ? { days: options.days } : {}),
    wallSeconds: 1,
    finishedAt: "",
  };
}

/** Two recorded days of 4 six-hour steps each, 2 consumers, whose import differs by `offsetKw`. */
export function fakeDays(offsetKw: number): DayTraces {
  const day = (date: string, base: number) => ({
    date,
    netImportKw: [base, base + 4, base + 11, base - 3].map((kw) => kw + offsetKw),
    batterySoc: [0.5, 0.6, 0.2, 0.5],
    retailPriceUsdPerKwh: [0.1, 0.12, 0.3, 0.1],
    dayAheadPriceUsdPerKwh: [0.1, 0.1, 0.25, 0.1],
    guardCorrectionKw: [0, 0, 1.5, 0],
    flexDeltaKw: [
      [0, 0, -0.5, 0.5],
      [0, 0.2, -0.2, 0],
    ],
  });
  return { stepHours: 6, feederCapacityKw: 9.5, exportLimitKw: 2, consumerIds: ["a", "b"], days: [day("2026-07-01", 2), day("2026-07-02", 1)] };
}

/** A study's results: idle, greedy, rule and optimal once, mappo and ippo over 4 seeds each. */
export function fakeStudyResults(): RunResult[] {
  const learned = (policy: string, costs: number[]) =>
    costs.map((cost, seed) => fakeResult(policy, seed, cost, { kind: "algorithm", days: fakeDays(seed), metrics: { violatingSteps: policy === "ippo" ? 0.5 : 0 } }));
  return [
    fakeResult("idle", 0, 10.93, { days: fakeDays(1) }),
    fakeResult("greedy", 0, 10.29, { days: fakeDays(0.5) }),
    fakeResult("rule", 0, 9.86, { days: fakeDays(0.2) }),
    fakeResult("optimal", 0, 8.39, { days: fakeDays(-0.5) }),
    ...learned("mappo", [8.7, 8.9, 9.0, 9.2]),
    ...learned("ippo", [9.7, 10.0, 10.1, 10.4]),
  ];
}
