import { COORDINATION_KEYS } from "@grid/baselines";
import type { SettingInput, StudyInput } from "./schema.js";

/**
 * The learners of a study. Every entry trains with the recipe `recipeFor` derives from each run's scenario and
 * setting (`@grid/algos`, recipe-for.ts: difference rewards, shaping potentials at the training days' mean price,
 * action levels that fit the feeder's headroom, exploring starts for a battery large against the feeder, a budget
 * growing with the agents; ac-ctde and maddpg as published). Every policy is compared with the flexibility budget
 * as a hard limit (the runner's default, `flexBudgetEnforced`), as the perfect-foresight optimum assumes.
 */
const learners = (names: string[]) => names.map((name) => ({ name }));

/**
 * The evaluation protocol's coordination measures (`@grid/baselines`, coordination.ts): how the consumers'
 * flexibility and the battery line up with the price peak and with each other, how the peak's relief is split, how
 * often agents act against each other.
 */
const COORDINATION_METRICS = [...COORDINATION_KEYS];

const DEFAULT_SETTINGS: SettingInput[] = [{ name: "default", description: "flexibility budget enforced for every policy" }];

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
    algorithms: learners(["ac-ctde", "ippo", "mappo", "maddpg"]),
    baselines: ["idle", "random", "rule", "greedy", "mpc", "optimal"],
    settings: DEFAULT_SETTINGS,
    // Quick mode is the first impression: ippo and mappo with the derived recipe, 300,000 env-steps a run (about 40 s
    // each, two at a time on 2 cores), against the baselines on seed's first 5 test days.
    quick: { scenarios: ["seed"], algorithms: ["ippo", "mappo"], trainSteps: 300_000, baselines: ["idle", "rule", "greedy", "optimal"] },
  },
  {
    name: "citylearn",
    description:
      "The main comparison on real data: the CityLearn 2022 neighbourhood (17 buildings as consumers, a pooled battery, feeder and export limits from the training days' 95th percentiles). Needs the dataset (GRID_CITYLEARN_DIR or the shared folder).",
    scenarios: ["citylearn-2022"],
    algorithms: learners(["ac-ctde", "ippo", "mappo", "maddpg"]),
    baselines: ["idle", "random", "rule", "greedy", "mpc", "optimal"],
    settings: [
      { name: "default", description: "flexibility budget enforced for every policy" },
      {
        name: "guard-lookahead",
        description:
          "and the predictive feeder guard for every policy, in training and evaluation: the battery's dispatch, then the consumers' flexible load, moved just enough to keep the feeder within its limits, the battery kept charged for the uncontrolled feeder's overloads of the next 24 hours and kept empty enough for its export above the limit over them (as the environment's forecast model foresees them: at the default forecast noise of 0 a perfect forecast, knowledge no real controller has; set forecastNoiseStd for a realistic one), its top 10% kept at least (a safety layer; guardSteps and guardCorrectionKwh say how often and how much it overruled the policy)",
        env: { feederGuard: true, guardLookaheadHours: 24, batteryHeadroomFraction: 0.1 },
      },
    ],
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
    // The derived recipe's budget grows with the square root of the agents (6.2M env-steps at 300 consumers, hours a
    // run at the ~150 env-steps/s parameter-shared PPO reaches there); a cap of 300 s of training a run keeps the
    // comparison fair in compute (each size gets the same wall-clock seconds on one core) and the study near
    // 90 minutes on 2 cores. Each run records the env-steps it reached; small feeders reach their budget first.
    algorithms: ["ippo", "mappo"].map((name) => ({ name, recipeOverrides: { maxTrainSeconds: 300 } })),
    seeds: 5,
    baselines: ["idle", "rule", "greedy", "optimal"],
    settings: [3, 10, 30, 100, 300].map((numConsumers) => ({
      name: `n-${numConsumers}`,
      description: `${numConsumers} consumers`,
      numConsumers,
      x: numConsumers,
    })),
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
    algorithms: learners(["ippo", "mappo"]),
    baselines: ["idle", "rule", "greedy", "optimal"],
    settings: [
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
    ],
    metrics: ["systemCostUsd", "gapClosed", "violatingSteps", "comfortOverflowTotalKwh", "billSavingsFairness", ...COORDINATION_METRICS],
    quick: { baselines: ["idle", "rule", "greedy"] },
  },
  {
    name: "reward-structure",
    description:
      "Individual rationality against social welfare: individual, mixed (alpha 0.3, 0.5, 0.7), team and difference rewards; system cost, each agent's bill and reward, fairness, and the price of anarchy (selfish cost over team cost).",
    scenarios: ["seed"],
    algorithms: learners(["ippo"]),
    baselines: ["idle", "rule", "greedy", "optimal"],
    settings: [
      { name: "individual", description: "each agent its own objective", env: { rewardStructure: "individual" }, x: 0 },
      { name: "alpha-0.3", description: "0.7 own + 0.3 team", env: { rewardStructure: "mixed", rewardAlpha: 0.3 }, x: 0.3 },
      { name: "alpha-0.5", description: "0.5 own + 0.5 team", env: { rewardStructure: "mixed", rewardAlpha: 0.5 }, x: 0.5 },
      { name: "alpha-0.7", description: "0.3 own + 0.7 team", env: { rewardStructure: "mixed", rewardAlpha: 0.7 }, x: 0.7 },
      { name: "team", description: "everyone the team reward", env: { rewardStructure: "team" }, x: 1 },
      { name: "difference", description: "each agent its marginal contribution to the team (difference rewards)", env: { rewardStructure: "difference" } },
    ],
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
      ...COORDINATION_METRICS,
    ],
    quick: { baselines: ["idle", "rule", "greedy"] },
  },
  {
    name: "stress",
    description:
      "How do the main study's policies hold up before deployment? ippo and mappo (the main study's derived recipe) against rule, greedy and mpc (and idle, the uncontrolled reference) on seed, each run also under the stress suite of grid stress (sensor, forecast, communication, weather, drift, agent-failure at three severities), against itself unperturbed.",
    scenarios: ["seed"],
    algorithms: learners(["ippo", "mappo"]),
    // idle, the uncontrolled feeder, is the report's reference for the cost saved (and shows what a perturbation does
    // with no control at all); it costs seconds.
    baselines: ["idle", "rule", "greedy", "mpc"],
    settings: DEFAULT_SETTINGS,
    // The default suite (`{}`: grid stress's, 3 evaluation seeds per random case) on seed's 20 test days. 10 seeds of the
    // derived recipe's 800,000 env-steps (about 180 s a run on one core) plus about 20 s of stress each: 20 learning runs,
    // about 33 minutes two at a time on 2 cores. mpc is kept although it is the slow one: 46 stress evaluations of
    // about 25 s, about 20 minutes on one core after the learners (idle, rule and greedy take seconds). About 55 minutes in all.
    stress: {},
    // Quick mode is a smoke test in seconds: ippo on a few thousand env-steps, two seeds, against idle and the rule on
    // one test day, under two cases (telemetry missing for 4 hours, a 40% heat wave) with one evaluation seed.
    quick: {
      seeds: 2,
      trainSteps: 3_000,
      algorithms: ["ippo"],
      baselines: ["idle", "rule"],
      evaluationDays: 1,
      stress: {
        seeds: 1,
        perturbations: [
          { family: "sensor", kind: "missing", severities: [4] },
          { family: "weather", kind: "heat-wave", severities: [0.4] },
        ],
      },
    },
  },
];
