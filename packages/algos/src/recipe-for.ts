import { parseGridConfig, type Scenario, startStepsInDays } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import { getAlgorithm } from "./algorithm.js";
import { type TrainingRecipe, type TrainingRecipeInput, trainingRecipeSchema } from "./recipe.js";

/** What {@link recipeFor} reads of a scenario: figures of its training days only (no test day informs a recipe). */
export interface ScenarioFacts {
  /** Mean day-ahead price over the training days' steps, $/kWh. */
  meanDayAheadPriceUsdPerKwh: number;
  /** Feeder capacity less the median uncontrolled net import (base load less solar) of the training days, kW. */
  medianHeadroomKw: number;
  /** The feeder's import capacity, kW. */
  feederCapacityKw: number;
  /** The battery's power rating, kW. */
  batteryMaxKw: number;
  /** Hours the battery takes to fill from empty at the smaller of its power and the median headroom. */
  hoursToFill: number;
  /** Agents of the game: the consumers, the producer and the operator. */
  numAgents: number;
}

/** Reads {@link ScenarioFacts} from a scenario's training days. */
export function scenarioFacts(scenario: Scenario, profiles: ProfileTable = scenario.loadProfiles()): ScenarioFacts {
  const config = parseGridConfig(scenario.config, `scenario ${scenario.name} config`);
  const steps = startStepsInDays(profiles, scenario.trainDays, 1);
  const netImportKw = Float64Array.from(steps, (step) => profiles.baseLoadKw[step] - profiles.solarKw[step]).sort();
  let priceSum = 0;
  for (const step of steps) priceSum += profiles.dayAheadPriceUsdPerKwh[step];
  const medianHeadroomKw = Math.max(0.01 * config.feederCapacityKw, config.feederCapacityKw - netImportKw[Math.floor((netImportKw.length - 1) / 2)]);
  const chargeKw = Math.min(config.batteryMaxKw, medianHeadroomKw);
  return {
    meanDayAheadPriceUsdPerKwh: priceSum / steps.length,
    medianHeadroomKw,
    feederCapacityKw: config.feederCapacityKw,
    batteryMaxKw: config.batteryMaxKw,
    hoursToFill: chargeKw > 0 ? config.batteryCapacityKwh / chargeKw : 0,
    numAgents: (profiles.consumers?.length ?? config.consumerShares.length) + 2,
  };
}

/**
 * The version of {@link recipeFor}'s rules, raised whenever they change what they derive (2: the warm start and the
 * violation price joined them; 3: the price left them, see {@link warmStartRules}). A study's plan key counts it, so a
 * results folder planned under other rules is never resumed with these (its runs and the new ones would have trained
 * differently).
 */
export const RECIPE_DERIVATION_VERSION = 3;

/** A recipe and why each of its fields is what it is (one line per rule, for logs and reports). */
export interface DerivedRecipe {
  recipe: TrainingRecipe;
  reasons: string[];
  facts: ScenarioFacts;
}

/** Two significant digits: a derived weight reads as a chosen number, not as noise. */
const twoDigits = (value: number) => Number(value.toPrecision(2));

/**
 * The action levels: the smallest battery step must fit in half the feeder's median headroom, so the battery can
 * charge without overloading a typically loaded feeder (with the article's 3 levels on `seed` the only charge is full
 * power, which overloads it; benchmarks/RESULTS.md, "Difference rewards"). Where the battery's full power fits in the
 * headroom, even levels do it, at least 5 (a half-power charge); where it is larger, 21 levels spaced quadratically
 * (denser near 0), more if needed: on citylearn-2022 (85 kW on 16.6 kW of headroom) 11 and 21 even levels and 11
 * quadratic ones never learned to charge, 21 quadratic ones did (RESULTS.md, "CityLearn").
 */
function actionLevels(facts: ScenarioFacts): { actionLevels: number; actionLevelExponent: number; reason: string } {
  const targetKw = facts.medianHeadroomKw / 2;
  const exponent = facts.batteryMaxKw <= facts.medianHeadroomKw ? 1 : 2;
  const smallestKw = (levels: number) => facts.batteryMaxKw * (2 / (levels - 1)) ** exponent;
  let levels = exponent === 1 ? 5 : 21;
  while (smallestKw(levels) > targetKw && levels < 101) levels += 2;
  const spacing = exponent === 1 ? "even" : "quadratic";
  const reason = `actionLevels ${levels} (${spacing}): smallest battery step ${smallestKw(levels).toFixed(2)} kW within half the median feeder headroom (${facts.medianHeadroomKw.toFixed(2)} kW; battery ${facts.batteryMaxKw} kW)`;
  return { actionLevels: levels, actionLevelExponent: exponent, reason };
}

/**
 * The action set {@link recipeFor} derives from `scenario`'s training days (what ippo and mappo act on), with its
 * reason: for a study that gives its baselines the learners' action set (`baselineActions: derived`).
 */
export function derivedActionSet(scenario: Scenario, profiles: ProfileTable = scenario.loadProfiles()): { actionLevels: number; actionLevelExponent: number; reason: string } {
  return actionLevels(scenarioFacts(scenario, profiles));
}

/**
 * The warm start (benchmarks/RESULTS.md, "The 5-seed protocol, complete"): an eighth of the budget imitating the
 * perfect-foresight optimum's plans on training days (100,000 of seed's 800,000 env-steps, as measured), the imitation
 * term kept at weight 1 and halving every quarter of the budget, so the policy starts from the plan and RL refines it.
 * Without it the derived recipe closed 2-65% of the rule-to-optimum gap on scenarios it was not tuned on, with it
 * 54-81% (the tight seed feeder included). Its demonstrations ride the feeder's limits, so they plan a tenth of the
 * feeder's capacity inside them (1 kW was measured on seed's 9.5 kW).
 *
 * No price on violations (the second rules had one: a Lagrange multiplier, 0.02 $ a step per violating step a day, at
 * most 1 $). Training rollouts explore into violations, so a target of zero is never met there and the price sat at
 * its cap from the first iterations in every run: a fixed penalty, not a multiplier that settles. As such it cut the
 * held-out scenarios' violations by 3-40% for 3-15 points of the gap, and on the tight seed feeder it took the whole
 * gain (0% and 39% of the gap against 63% and 74% without it) with no fewer violations (RESULTS.md, "The price,
 * separated"). `violationPrice` stays a recipe field for who wants that trade.
 */
function warmStartRules(facts: ScenarioFacts, trainSteps: number): { warmStart: TrainingRecipeInput["warmStart"]; reasons: string[] } {
  const limitMarginKw = twoDigits(facts.feederCapacityKw / 10);
  const halfLifeEnvSteps = Math.round(trainSteps / 4);
  return {
    warmStart: { share: 0.125, keepWeight: 1, halfLifeEnvSteps, limitMarginKw },
    reasons: [
      `warmStart share 0.125, keepWeight 1, halfLifeEnvSteps ${halfLifeEnvSteps}: an eighth of the budget imitating the optimum's plans on training days, the imitation kept and halving every quarter of it (the derived recipe alone closed 2-65% of the gap on scenarios it was not tuned on, with the warm start 54-81%)`,
      `warmStart limitMarginKw ${limitMarginKw}: the demonstrations plan a tenth of the feeder's capacity (${facts.feederCapacityKw} kW) inside its limits, which plans that ride them would teach the policy to cross`,
      "no violationPrice: pinned at its cap by exploring rollouts it acted as a fixed penalty, which cut held-out violations by 3-40% for 3-15 points of the gap and on the tight seed feeder took the whole gain",
    ],
  };
}

/** The seed recipe's budget: 800,000 env-steps for its 5 agents (about 75 s a run on 2 cores). */
const BASE_TRAIN_STEPS = 800_000;
const BASE_AGENTS = 5;

/**
 * The recipe the environment side of the PPO family trains with on `scenario`, derived from its training days (the
 * rules and their measured reasons are in each line of `reasons`). Algorithms adapt it through their definition's
 * `recipe` hook (ippo and mappo add their PPO settings; ac-ctde and maddpg keep what they were published with).
 */
export function recipeFor(scenario: Scenario, algorithm: string, profiles: ProfileTable = scenario.loadProfiles()): DerivedRecipe {
  const facts = scenarioFacts(scenario, profiles);
  const price = twoDigits(facts.meanDayAheadPriceUsdPerKwh);
  const levels = actionLevels(facts);
  const exploringStarts = facts.hoursToFill > 4;
  const trainSteps = Math.round((BASE_TRAIN_STEPS * Math.sqrt(facts.numAgents / BASE_AGENTS)) / 100_000) * 100_000;
  // A reward structure the scenario (or a study's setting) names is what it asks training to use: the recipe keeps it.
  const namedReward = scenario.config.rewardStructure !== undefined;
  const reasons = [
    namedReward
      ? `rewardStructure ${scenario.config.rewardStructure} (the scenario's own), teamCostPrice day-ahead: the team's cost at the system cost the metrics judge`
      : "rewardStructure difference, teamCostPrice day-ahead: each agent's marginal contribution to the system cost the metrics judge (the tariff adder moves money, it saves none)",
    `storedEnergyUsdPerKwh and flexBudgetUsdPerKwh ${price}: the training days' mean day-ahead price (shaping potentials below the night price teach the battery to empty itself at midnight)`,
    "congestionUsdPerKwh 2, spillUsdPerKwh 0.5, rampUsdPerKw 0, batteryUseUsdPerKwh 0: not scaled with the price (3x on citylearn-2022 stopped the battery cycling; at the article's 4 and 2 a random battery's early overloads teach it to idle)",
    levels.reason,
    exploringStarts
      ? `initialSocSpread 0.5: the battery takes ${facts.hoursToFill.toFixed(1)} h to fill within the headroom (more than 4 h), so training episodes start at a random charge`
      : `initialSocSpread 0: the battery fills in ${facts.hoursToFill.toFixed(1)} h within the headroom (4 h or less)`,
    `trainSteps ${trainSteps}: ${BASE_TRAIN_STEPS} env-steps for ${BASE_AGENTS} agents, growing with the square root of the ${facts.numAgents} agents`,
    "episodeStarts day-start: training episodes run midnight to midnight, as every evaluation episode",
  ];
  const warm = warmStartRules(facts, trainSteps);
  reasons.push(...warm.reasons);
  const derived = trainingRecipeSchema.parse({
    actionLevels: levels.actionLevels,
    actionLevelExponent: levels.actionLevelExponent,
    episodeStarts: "day-start",
    trainSteps,
    warmStart: warm.warmStart,
    trainingEnv: {
      ...(namedReward ? {} : { rewardStructure: "difference" }),
      teamCostPrice: "day-ahead",
      ...(exploringStarts ? { initialSocSpread: 0.5 } : {}),
      rewardWeights: {
        rampUsdPerKw: 0,
        batteryUseUsdPerKwh: 0,
        congestionUsdPerKwh: 2,
        spillUsdPerKwh: 0.5,
        storedEnergyUsdPerKwh: price,
        flexBudgetUsdPerKwh: price,
      },
    },
  });
  const definition = getAlgorithm(algorithm);
  const adapted = definition.recipe ? definition.recipe(derived, facts) : { recipe: derived, reasons: [] };
  return { recipe: trainingRecipeSchema.parse(adapted.recipe), reasons: [...reasons, ...adapted.reasons], facts };
}
