import type { Policy } from "@grid/env";
import { GreedyPolicy, type GreedyPolicyOptions } from "./greedy.js";
import { IdlePolicy } from "./idle.js";
import { MpcPolicy, type MpcPolicyOptions } from "./mpc.js";
import { OptimalPolicy, type OptimalPolicyOptions } from "./optimal.js";
import { RandomPolicy, type RandomPolicyOptions } from "./random.js";
import { RulePolicy, type RulePolicyOptions } from "./rule.js";
import { DataRulePolicy, type DataRulePolicyOptions } from "./rule-data.js";
import { loadLinearSolver } from "./solver.js";

/** Each baseline's name and its options type. */
export interface BaselineOptions {
  idle: Record<string, never>;
  random: RandomPolicyOptions;
  rule: RulePolicyOptions;
  "rule-data": DataRulePolicyOptions;
  greedy: GreedyPolicyOptions;
  mpc: MpcPolicyOptions;
  optimal: OptimalPolicyOptions;
}

/** A baseline's name. */
export type BaselineName = keyof BaselineOptions;

/** What a baseline is and supports (a plug-in's flags, so runners and the CLI need no special cases). */
export interface BaselineInfo {
  name: BaselineName;
  /** One line for listings. */
  summary: string;
  /** Its options, as `name: meaning (default)`. */
  options: string[];
  /** Action modes it acts in. */
  actionModes: ("discrete" | "continuous")[];
  /**
   * True when it is a continuous relaxation evaluated on a continuous copy of the configuration (optimal): a
   * runner given a discrete configuration sets `actionMode: "continuous"` for it and says so.
   */
  continuousRelaxation: boolean;
  /** True when it needs the HiGHS solver (loaded once, asynchronously, by {@link createBaseline}). */
  usesSolver: boolean;
  /** True when it reads the scenario's training days (`trainDays` in its options; runners pass them). */
  needsTrainingDays?: boolean;
}

const BASELINES: BaselineInfo[] = [
  { name: "idle", summary: "no control: consumers hold, battery idle, tariff adder 0", options: [], actionModes: ["discrete", "continuous"], continuousRelaxation: false, usesSolver: false },
  {
    name: "random",
    summary: "every agent acts uniformly at random",
    options: ["seed: action stream seed (0)"],
    actionModes: ["discrete", "continuous"],
    continuousRelaxation: false,
    usesSolver: false,
  },
  {
    name: "rule",
    summary: "battery charges on high solar, discharges in the evening window; consumers may defer in a window",
    options: [
      "solarThresholdKw: charge while solar is above this, kW (2.0)",
      "dischargeStartHour, dischargeEndHour: discharge window [start, end) (17, 21)",
      "consumersDefer: consumers defer in the deferral window while the budget lasts (false)",
      "deferStartHour, deferEndHour: deferral window [start, end) (17, 21)",
    ],
    actionModes: ["discrete", "continuous"],
    continuousRelaxation: false,
    usesSolver: false,
  },
  {
    name: "rule-data",
    summary: "the article's rule with thresholds from the training days: charge above the lower quartile of daylight solar, discharge in the highest-price hours",
    options: ["trainDays: the scenario's training days (passed by runners)"],
    actionModes: ["discrete", "continuous"],
    continuousRelaxation: false,
    usesSolver: false,
    needsTrainingDays: true,
  },
  {
    name: "greedy",
    summary: "each agent maximises its own immediate reward, others holding (myopic, uncoordinated)",
    options: ["continuousCandidates: values tried in continuous mode ([-1, -0.5, 0, 0.5, 1])"],
    actionModes: ["discrete", "continuous"],
    continuousRelaxation: false,
    usesSolver: false,
  },
  {
    name: "mpc",
    summary: "receding-horizon linear program over the environment's (noisy) forecasts, first step applied",
    options: [
      "horizonHours: planning horizon, hours (12)",
      "replanEverySteps: re-plan every k steps (1)",
      "terminalEnergyValueUsdPerKwh: value of stored energy at the horizon's end (mean forecast price)",
      "congestionPenaltyUsdPerKwh (1000), spillPenaltyUsdPerKwh (1e-4)",
    ],
    actionModes: ["discrete", "continuous"],
    continuousRelaxation: false,
    usesSolver: true,
  },
  {
    name: "optimal",
    summary: "perfect-foresight linear program per episode: the cost floor (continuous relaxation)",
    options: ["congestionPenaltyUsdPerKwh (1000), spillPenaltyUsdPerKwh (1e-4)"],
    actionModes: ["continuous"],
    continuousRelaxation: true,
    usesSolver: true,
  },
];

/** Every baseline with what it supports, in a fixed order. */
export function listBaselines(): BaselineInfo[] {
  return BASELINES.map((info) => ({ ...info }));
}

/** True when `name` is a baseline's name. */
export function isBaselineName(name: string): name is BaselineName {
  return BASELINES.some((info) => info.name === name);
}

/**
 * Constructs a baseline by name (the CLI and experiment runners use this). Async because `mpc` and `optimal`
 * load the HiGHS WebAssembly solver first (once per process). Throws on an unknown name, listing the known ones.
 */
export async function createBaseline<Name extends BaselineName>(name: Name, options?: BaselineOptions[Name]): Promise<Policy>;
export async function createBaseline(name: string, options?: Record<string, unknown>): Promise<Policy>;
export async function createBaseline(name: string, options: Record<string, unknown> = {}): Promise<Policy> {
  switch (name) {
    case "idle":
      return new IdlePolicy();
    case "random":
      return new RandomPolicy(options as RandomPolicyOptions);
    case "rule":
      return new RulePolicy(options as RulePolicyOptions);
    case "rule-data":
      return new DataRulePolicy(options as unknown as DataRulePolicyOptions);
    case "greedy":
      return new GreedyPolicy(options as GreedyPolicyOptions);
    case "mpc":
      return new MpcPolicy(await loadLinearSolver(), options as MpcPolicyOptions);
    case "optimal":
      return new OptimalPolicy(await loadLinearSolver(), options as OptimalPolicyOptions);
    default:
      throw new Error(`unknown baseline "${name}"; known: ${BASELINES.map((info) => info.name).join(", ")}`);
  }
}
