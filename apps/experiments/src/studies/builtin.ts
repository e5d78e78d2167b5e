import type { SettingInput, StudyInput } from "./schema.js";

/**
 * Every condition of the built-in studies runs with the flexibility budget as a hard limit, as the
 * perfect-foresight optimum assumes; otherwise a learner "saves" by curtailing consumers without limit.
 */
const SHARED_ENV = { flexBudgetEnforced: true };

const PPO_CONFIG = { gamma: 1, gaeLambda: 0.5, sharing: "role" };

/** How the PPO learners train on one kind of scenario: the training reward, the action levels and the budget. */
interface PpoRecipe {
  trainingEnv: { teamCostPrice: string; initialSocSpread?: number; rewardWeights: Record<string, number> };
  actionLevels: number;
  actionLevelExponent?: number;
  trainSteps: number;
}

/**
 * What the PPO learners train on (measured in benchmarks/RESULTS.md, "Difference rewards"): each agent's
 * difference reward (its marginal contribution to the team's cost at the day-ahead price, so the other agents'
 * exploration is not noise in its return and the tariff adder cannot look like a saving), no ramp or battery-use
 * terms, congestion and spill at 2 and 0.5 $/kWh (half and a quarter of the article's: at its weights a random
 * battery's early overloads teach it to idle for good; below them it learns to overload the feeder a little
 * for a faster charge), and shaping potentials on stored energy and on unused
 * flexibility (0.10 $/kWh each; each sums to a constant over an episode, so the best policy is unchanged, but
 * charging cheaply and curtailing dearly pay at once). Undiscounted returns (gamma 1) with GAE lambda 0.5,
 * episodes from midnight like the evaluation's, separate networks per role (consumers share one), and 5 action
 * levels, so the battery can charge at half power at night without overloading the feeder. Evaluation is the
 * scenario's and the setting's environment, with the learner's 5 action levels.
 */
const SEED_RECIPE: PpoRecipe = {
  trainingEnv: {
    teamCostPrice: "day-ahead",
    rewardWeights: {
      rampUsdPerKw: 0,
      batteryUseUsdPerKwh: 0,
      congestionUsdPerKwh: 2,
      spillUsdPerKwh: 0.5,
      storedEnergyUsdPerKwh: 0.1,
      flexBudgetUsdPerKwh: 0.1,
    },
  },
  actionLevels: 5,
  trainSteps: 800_000,
};

/**
 * The same recipe scaled to the CityLearn neighbourhood (measured in benchmarks/RESULTS.md, "CityLearn"): its prices
 * are three times the seed's (0.21-0.54, mean 0.27 $/kWh), so both shaping potentials are 0.27 $/kWh (about the mean
 * price, as 0.10 is on `seed`; at 0.10 the battery learns to empty itself at midnight and never charge); its pooled
 * battery (85 kW) is three times the feeder's capacity, so 21 levels spaced quadratically (0.85, 3.4, 7.7, 13.6, ...
 * 85 kW: with 5 even levels the smallest charge, 42.5 kW, overloads the feeder); each training episode starts at a
 * random state of charge in [0, 1] (exploring starts; evaluation keeps the scenario's 0.5); 1,600,000 env-steps
 * (about 8.5 minutes per seed with two runs on 2 cores).
 */
const CITYLEARN_RECIPE: PpoRecipe = {
  trainingEnv: {
    ...SEED_RECIPE.trainingEnv,
    initialSocSpread: 0.5,
    rewardWeights: { ...SEED_RECIPE.trainingEnv.rewardWeights, storedEnergyUsdPerKwh: 0.27, flexBudgetUsdPerKwh: 0.27 },
  },
  actionLevels: 21,
  actionLevelExponent: 2,
  trainSteps: 1_600_000,
};

/** The learners of a study; `rewardStructure` is the training reward (omitted where the study varies it). */
function learners(names: string[], rewardStructure?: "difference", recipe: PpoRecipe = SEED_RECIPE) {
  return names.map((name) => {
    if (name === "ippo" || name === "mappo") {
      const { trainingEnv, ...rest } = recipe;
      return {
        name,
        config: PPO_CONFIG,
        trainingEnv: rewardStructure ? { rewardStructure, ...trainingEnv } : trainingEnv,
        episodeStarts: "day-start" as const,
        ...rest,
      };
    }
    // ac-ctde: the article's algorithm as published, 300 episodes of 96 steps; maddpg: its defaults.
    return { name, trainSteps: name === "ac-ctde" ? 28_800 : 60_000 };
  });
}

/** A study's settings with the shared environment under each. */
const withShared = (settings: SettingInput[]): SettingInput[] =>
  settings.map((setting) => ({ ...setting, env: { ...SHARED_ENV, ...setting.env } }));
const DEFAULT_SETTINGS = withShared([{ name: "default", description: "flexibility budget enforced for every policy" }]);

/**
 * The seed paper's studies, as data. Each answers one of its research questions; see the README for what the
 * report shows and how the measures are defined.
 */
export const builtinStudies: StudyInput[] = [
  {
    name: "main",
    description:
      "Can decentralised agents learn efficient allocation? ac-ctde, ippo, mappo and maddpg against idle, rule, greedy, mpc and the perfect-foresight optimum, on the article's feeder and on harder presets.",
    scenarios: ["seed", "ev-evening"],
    algorithms: learners(["ac-ctde", "ippo", "mappo", "maddpg"], "difference"),
    baselines: ["idle", "random", "rule", "greedy", "mpc", "optimal"],
    settings: DEFAULT_SETTINGS,
    quick: { scenarios: ["seed"], baselines: ["idle", "rule", "greedy", "optimal"] },
  },
  {
    name: "citylearn",
    description:
      "The main comparison on real data: the CityLearn 2022 neighbourhood (17 buildings as consumers, a pooled battery, feeder and export limits from the training days' 95th percentiles). Needs the dataset (GRID_CITYLEARN_DIR or the shared folder).",
    scenarios: ["citylearn-2022"],
    algorithms: learners(["ac-ctde", "ippo", "mappo", "maddpg"], "difference", CITYLEARN_RECIPE),
    baselines: ["idle", "random", "rule", "greedy", "mpc", "optimal"],
    settings: withShared([
      { name: "default", description: "flexibility budget enforced for every policy" },
      {
        name: "guard-lookahead",
        description:
          "and the predictive feeder guard for every policy, in training and evaluation: the battery's dispatch, then the consumers' flexible load, moved just enough to keep the feeder within its limits, the battery kept charged for the uncontrolled feeder's overloads of the next 24 hours and kept empty enough for its export above the limit over them (a perfect forecast of the uncontrolled load), its top 10% kept at least (a safety layer; guardSteps and guardCorrectionKwh say how often and how much it overruled the policy)",
        env: { feederGuard: true, guardLookaheadHours: 24, batteryHeadroomFraction: 0.1 },
      },
    ]),
    metrics: [
      "systemCostUsd",
      "energyCostUsd",
      "peakImportKw",
      "violatingSteps",
      "guardSteps",
      "guardCorrectionKwh",
      "comfortOverflowTotalKwh",
      "renewableUtilization",
      "billSavingsFairness",
      "gapClosed",
    ],
    quick: { baselines: ["idle", "rule", "greedy", "optimal"], evaluationDays: 3 },
  },
  {
    name: "agent-count",
    description:
      "How does performance scale with the number of agents? Parameter-shared ippo and mappo with 3 to 300 consumers (feeder, battery and flexibility scaled with them).",
    scenarios: ["seed"],
    algorithms: learners(["ippo", "mappo"], "difference"),
    baselines: ["idle", "rule", "greedy", "optimal"],
    settings: withShared(
      [3, 10, 30, 100, 300].map((numConsumers) => ({
        name: `n-${numConsumers}`,
        description: `${numConsumers} consumers`,
        numConsumers,
        x: numConsumers,
      })),
    ),
    xLabel: "consumers",
    xLog: true,
    metrics: [
      "systemCostPerConsumerUsd",
      "systemCostUsd",
      "gapClosed",
      "billSavingsFairness",
      "violatingSteps",
      "comfortOverflowTotalKwh",
      "trainEnvStepsPerSecond",
      "wallSeconds",
    ],
    quick: { settings: ["n-3", "n-10", "n-30"], baselines: ["idle", "rule", "greedy", "optimal"] },
  },
  {
    name: "communication",
    description:
      "What coordination emerges with communication? No messages, a broadcast of previous actions and the price, the full global state; and degraded broadcasts (30% of messages dropped, or 4 steps late).",
    scenarios: ["seed"],
    algorithms: learners(["ippo", "mappo"], "difference"),
    baselines: ["idle", "rule", "greedy", "optimal"],
    settings: withShared([
      { name: "none", description: "local observations only (the article)", env: { communication: "none" } },
      { name: "broadcast", description: "previous actions of all agents and the retail price", env: { communication: "broadcast" } },
      { name: "global-state", description: "every agent sees the global state", env: { communication: "global-state" } },
      {
        name: "broadcast-drop-0.3",
        description: "broadcast, 30% of messages lost",
        env: { communication: "broadcast", communicationDropProbability: 0.3 },
      },
      {
        name: "broadcast-delay-4",
        description: "broadcast, arriving 4 steps (1 h) late",
        env: { communication: "broadcast", communicationDelaySteps: 4 },
      },
    ]),
    quick: { baselines: ["idle", "rule", "greedy"] },
  },
  {
    name: "reward-structure",
    description:
      "Individual rationality against social welfare: individual, mixed (alpha 0.3, 0.5, 0.7), team and difference rewards; system cost, each agent's bill and reward, fairness, and the price of anarchy (selfish cost over team cost).",
    scenarios: ["seed"],
    algorithms: learners(["ippo"]),
    baselines: ["idle", "rule", "greedy", "optimal"],
    settings: withShared([
      { name: "individual", description: "each agent its own objective", env: { rewardStructure: "individual" }, x: 0 },
      { name: "alpha-0.3", description: "0.7 own + 0.3 team", env: { rewardStructure: "mixed", rewardAlpha: 0.3 }, x: 0.3 },
      { name: "alpha-0.5", description: "0.5 own + 0.5 team", env: { rewardStructure: "mixed", rewardAlpha: 0.5 }, x: 0.5 },
      { name: "alpha-0.7", description: "0.3 own + 0.7 team", env: { rewardStructure: "mixed", rewardAlpha: 0.7 }, x: 0.7 },
      { name: "team", description: "everyone the team reward", env: { rewardStructure: "team" }, x: 1 },
      { name: "difference", description: "each agent its marginal contribution to the team (difference rewards)", env: { rewardStructure: "difference" } },
    ]),
    xLabel: "weight on the team reward (alpha)",
    metrics: [
      "systemCostUsd",
      "consumerBillMeanUsd",
      "billSavingsFairness",
      "consumerRewardMean",
      "producerReward",
      "operatorReward",
      "violatingSteps",
      "comfortOverflowTotalKwh",
    ],
    quick: { baselines: ["idle", "rule", "greedy"] },
  },
];
