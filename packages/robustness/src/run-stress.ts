import { evaluatePolicy } from "@grid/baselines";
import { type DayRange, dayStartSteps, type GridConfigInput, type Policy, parseGridConfig } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import { type FallbackOptions, FallbackPolicy } from "./fallback.js";
import type { CaseContext, StressCase } from "./perturbations/stress-case.js";
import { parseStressSuite, type StressSuiteInput, suiteCases } from "./suite.js";
import { type CaseFigures, type StressMeasurement, summarizeStress } from "./stress-measurement.js";
import { NOMINAL_HEAD, type StressRow } from "./stress-summary.js";

/** What {@link runStress} evaluates: a policy, made afresh for every run (one factory per policy seed, e.g. checkpoint). */
export interface StressTarget {
  name: string;
  /** One factory per policy seed (trained checkpoints), or one for a baseline. */
  policies: (() => Promise<Policy>)[];
  /** The fallback policy (the rule), made afresh for every run. */
  fallback: () => Promise<Policy>;
}

/** Where and how {@link runStress} evaluates. */
export interface StressOptions {
  profiles: ProfileTable;
  config: GridConfigInput;
  testDays: DayRange;
  suite?: StressSuiteInput;
  /** Called after every run (progress). */
  onRun?: (done: number, total: number, label: string) => void;
}

/** One run's figures, per day (means over the evaluated episodes). */
export interface RunFigures {
  systemCostUsd: number;
  violatingSteps: number;
  /** Flexibility used beyond the budget, summed over the consumers, kWh. */
  comfortOverflowKwh: number;
  /** Agent-steps whose action was the fallback's. */
  fallbackAgentSteps: number;
  episodes: number;
}

/** The result of {@link runStress}: the nominal row first, then one row per case. */
export interface StressReport {
  policy: string;
  /** The policy that acted for agents with invalid measurements. */
  fallback: string;
  policySeeds: number;
  evaluationSeeds: number;
  rows: StressRow[];
  elapsedSeconds: number;
}

function isNoisy(config: GridConfigInput): boolean {
  const parsed = parseGridConfig(config);
  return parsed.forecastNoiseStd > 0 || parsed.observationNoiseStd > 0 || parsed.communicationDropProbability > 0;
}

/** The cases' context with the fallback's limits. */
type RunContext = CaseContext & { fallbackOptions: FallbackOptions };

/** Evaluates one run: the policy behind the fallback, under the case (none: nominal). */
async function evaluateRun(target: StressTarget, policyIndex: number, seed: number, context: RunContext, stressCase?: StressCase): Promise<RunFigures> {
  const fallback = new FallbackPolicy(await target.policies[policyIndex](), await target.fallback(), context.fallbackOptions);
  const policy = stressCase?.wrap?.(fallback, seed, context) ?? fallback;
  const episodes = stressCase?.episodes?.(context) ?? { profiles: context.profiles, startSteps: context.startSteps };
  try {
    const result = evaluatePolicy(policy, {
      profiles: episodes.profiles,
      config: { ...context.config, ...stressCase?.config?.(context) },
      startSteps: episodes.startSteps,
      seed,
    });
    const aggregate = result.aggregate;
    return {
      systemCostUsd: aggregate.systemCostUsd,
      violatingSteps: aggregate.violatingSteps,
      comfortOverflowKwh: aggregate.comfortOverflowKwh.reduce((sum, value) => sum + value, 0),
      fallbackAgentSteps: fallback.counts.agentSteps / result.episodes.length,
      episodes: result.episodes.length,
    };
  } finally {
    policy.dispose?.();
  }
}

/** A case's head, as its rows name it. */
const headOf = (stressCase: StressCase) => ({ family: stressCase.family, kind: stressCase.kind, severity: stressCase.severity, severityUnit: stressCase.severityUnit });

/**
 * The stress test's runs: the policy (behind the fallback filter, as it would be deployed) on the test days,
 * unperturbed and under every case of the suite, each run once per policy seed and, for random cases, once per
 * evaluation seed; every run's figures kept ({@link summarizeStress} turns them into rows).
 */
export async function measureStress(target: StressTarget, options: StressOptions): Promise<StressMeasurement> {
  const started = performance.now();
  const suite = parseStressSuite(options.suite ?? {});
  const context: RunContext = {
    profiles: options.profiles,
    config: options.config,
    startSteps: dayStartSteps(options.profiles, options.testDays),
    testDays: options.testDays,
    fallbackOptions: suite.fallback,
  };
  const cases = suiteCases(suite);
  const nominalSeeds = isNoisy(options.config) ? suite.seeds : 1;
  const runsOf = (stressCase?: StressCase) => target.policies.length * (stressCase === undefined ? nominalSeeds : stressCase.stochastic ? suite.seeds : 1);
  const total = runsOf() + cases.reduce((sum, stressCase) => sum + (stressCase.notApplicable?.(context) ? 0 : runsOf(stressCase)), 0);
  let done = 0;
  const runAll = async (label: string, seeds: number, stressCase?: StressCase): Promise<RunFigures[][]> => {
    const runs: RunFigures[][] = [];
    for (let policyIndex = 0; policyIndex < target.policies.length; policyIndex++) {
      const perSeed: RunFigures[] = [];
      for (let seed = 0; seed < seeds; seed++) {
        perSeed.push(await evaluateRun(target, policyIndex, seed, context, stressCase));
        options.onRun?.(++done, total, label);
      }
      runs.push(perSeed);
    }
    return runs;
  };
  const rows: CaseFigures[] = [{ ...NOMINAL_HEAD, runs: await runAll("nominal", nominalSeeds) }];
  for (const stressCase of cases) {
    const reason = stressCase.notApplicable?.(context);
    const label = `${stressCase.family}/${stressCase.kind} ${stressCase.severity}`;
    const runs = reason ? [] : await runAll(label, stressCase.stochastic ? suite.seeds : 1, stressCase);
    rows.push({ ...headOf(stressCase), ...(reason ? { notApplicable: reason } : {}), runs });
  }
  const fallback = await target.fallback();
  fallback.dispose?.();
  return { policy: target.name, fallback: fallback.name, policySeeds: target.policies.length, evaluationSeeds: suite.seeds, cases: rows, elapsedSeconds: (performance.now() - started) / 1000 };
}

/**
 * The stress test ({@link measureStress}) summarized: every row has the means over its runs with Student-t intervals
 * (`@grid/stats`) and the degradation against the nominal run of the same policy seed (and evaluation seed when the
 * nominal itself is random).
 */
export async function runStress(target: StressTarget, options: StressOptions): Promise<StressReport> {
  return summarizeStress(await measureStress(target, options));
}
