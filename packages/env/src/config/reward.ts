import { z } from "zod";
import { fraction, nonNegative } from "./numbers.js";

/**
 * Reward structure: the article's hard-coded mixes, each agent's own objective, the team's, a mix by alpha, or
 * each agent's difference reward (the team reward minus the team reward had that agent alone taken its neutral
 * action this step: Wolpert and Tumer's difference rewards, the counterfactual behind COMA's baseline).
 */
export const rewardStructureSchema = z.enum(["article", "individual", "team", "mixed", "difference"]);

/**
 * The reward's weights. Defaults are the article's constants. Costs are $ (per step); powers kW; energies kWh.
 */
export const rewardWeightsSchema = z
  .object({
    /** Team: $ per kWh of feeder congestion (4.0 x congestion kW x dtHours). */
    congestionUsdPerKwh: nonNegative.default(4.0),
    /** Team: $ per kWh of export-limit violation, i.e. spilled solar (2.0). */
    spillUsdPerKwh: nonNegative.default(2.0),
    /**
     * Team: $ per step with any congestion or export violation (0: none, the article), on top of the per-kWh
     * penalties: what the evaluation counts (violating steps), so a small overload is not nearly free. A
     * training-only field: set it in a training recipe's `trainingEnv` (@grid/algos), which evaluation never sees.
     */
    violationStepUsd: nonNegative.default(0),
    /** Team: $ per kW of change in net import between steps (0.10). */
    rampUsdPerKw: nonNegative.default(0.1),
    /** Team: $ per kWh of battery throughput (0.03). */
    batteryUseUsdPerKwh: nonNegative.default(0.03),
    /** Consumer: penalty per kW of flexibility used in a step (0.15, on |delta kW|, not kWh, as the article). */
    comfortPerKw: nonNegative.default(0.15),
    /** Consumer: penalty per kWh of flexibility used beyond the budget, every step (0.50). */
    comfortOverflowPerKwh: nonNegative.default(0.5),
    /**
     * Team: potential-based shaping on the battery's stored energy, $ per kWh (0: none, the article). The team
     * reward gains this x (stored kWh after the step - stored kWh before), and gives back this x the stored kWh at
     * the episode's last step, so over an episode the shaping sums to minus this x the initial stored energy (a
     * constant): the undiscounted optimum is unchanged, but energy put into the battery is credited at once
     * instead of only when it is discharged hours later. Training-only: set it in a training recipe's `trainingEnv`.
     */
    storedEnergyUsdPerKwh: nonNegative.default(0),
    /**
     * Team: potential-based shaping on the consumers' unused flexibility budget, $ per kWh (0: none, the article).
     * Flexibility used in a step costs this x the kWh at once, and the budget still unused at the episode's last step
     * costs this x its kWh, so over an episode the shaping sums to minus this x the consumers' total budget (a
     * constant): the optimum is unchanged, but spending the budget early at a low price no longer looks free.
     * Training-only: set it in a training recipe's `trainingEnv`.
     */
    flexBudgetUsdPerKwh: nonNegative.default(0),
    /** Producer: wear per kWh of throughput (0.04). */
    producerWearUsdPerKwh: nonNegative.default(0.04),
    /** Producer: penalty per kW of spill (0.30, on kW as the article). */
    producerSpillPerKw: nonNegative.default(0.3),
    /** Operator: penalty per $/kWh of tariff adder magnitude (0.02). */
    operatorAdderPenalty: nonNegative.default(0.02),
    /** `article` structure: consumers' weight on the team reward (0.30). */
    consumerTeamWeight: nonNegative.default(0.3),
    /** `article` structure: the producer's weight on the team reward (0.35). */
    producerTeamWeight: nonNegative.default(0.35),
  })
  .strict();

/**
 * The reward: its structure (who gets which mix of own and team objectives), the price inside the team's energy cost,
 * and its weights. The training-only terms (marked so below) are set in a training recipe's `trainingEnv` (@grid/algos),
 * which evaluation never sees.
 */
export const rewardSchema = z
  .object({
    /**
     * Reward structure (`article`: consumers 0.30 team, producer 0.35 team, operator the team's). `difference`: each
     * agent gets the team reward minus the team reward of the same step with its own action replaced by the neutral
     * one (no flexibility, an idle battery, no adder), the rest of the step unchanged: its marginal contribution to
     * the team, without the noise of the other agents' exploration. The difference is taken on the unshaped team
     * reward; the shaping potentials then go to the agent whose state they measure (stored energy to the producer,
     * each consumer's unused budget to that consumer), so each agent's shaping still sums to a constant per episode.
     */
    rewardStructure: rewardStructureSchema.default("article"),
    /** `mixed`: weight on the team reward, each agent gets (1 - alpha) own + alpha team (0.5). */
    rewardAlpha: fraction.default(0.5),
    /**
     * `difference` rewards only (false: the plain difference). true: every agent also bears the step's violation
     * costs (congestion, spill and the per-step violation penalty, at the reward weights) as the team reward does. A
     * difference reward nets out a violation the agent's own action could not have prevented at that step, so no agent
     * answers for emptying the battery hours before an overload nothing can then prevent; with this on, each does,
     * through its return. With the feeder guard the shared cost falls only on such overloads.
     */
    differenceSharesViolations: z.boolean().default(false),
    /**
     * Price of the energy cost inside the team reward: `retail` (the article: day-ahead plus the operator's adder) or
     * `day-ahead` (the system cost the metrics judge, so the tariff adder cannot look like a saving to the team).
     * Bills and `info.energyCostUsd` stay at the retail price either way.
     */
    teamCostPrice: z.enum(["retail", "day-ahead"]).default("retail"),
    /** `shift`: penalty per kWh of backlog still unserved when the episode ends, $ (0.5). */
    unservedPenaltyUsdPerKwh: nonNegative.default(0.5),
    /** The reward's weights, $ per unit of each term (the article's constants; see {@link rewardWeightsSchema}). */
    rewardWeights: rewardWeightsSchema.default(rewardWeightsSchema.parse({})),
  })
  .strict();

export type RewardStructure = z.output<typeof rewardStructureSchema>;
export type RewardWeights = z.output<typeof rewardWeightsSchema>;
