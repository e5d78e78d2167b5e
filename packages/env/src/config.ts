import { z } from "zod";

/** How agents act: the article's discrete levels (3: -1, 0, +1), K evenly spaced levels in [-1, 1], or continuous. */
export const actionModeSchema = z.enum(["discrete", "continuous"]);

/**
 * Reward structure: the article's hard-coded mixes, each agent's own objective, the team's, a mix by alpha, or
 * each agent's difference reward (the team reward minus the team reward had that agent alone taken its neutral
 * action this step: Wolpert and Tumer's difference rewards, the counterfactual behind COMA's baseline).
 */
export const rewardStructureSchema = z.enum(["article", "individual", "team", "mixed", "difference"]);

/** What each agent sees beyond its local observation. */
export const communicationSchema = z.enum(["none", "broadcast", "global-state"]);

/** Flexibility as the article's curtailment, or energy-neutral shifting with a backlog. */
export const flexibilityModeSchema = z.enum(["curtail", "shift"]);

/**
 * What the feeder guard's lookahead knows of the coming hours: the forecast model the agents and MPC get
 * (`forecast`), or the profile itself (`oracle`: a perfect forecast, knowledge no real controller has).
 */
export const guardForecastSchema = z.enum(["oracle", "forecast"]);

const nonNegative = z.number().finite().nonnegative();
const positive = z.number().finite().positive();
const fraction = z.number().finite().min(0).max(1);

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
 * The environment's configuration. Every default is the seed article's `GridConfig` or its hard-coded behaviour,
 * so `{}` is the article's environment.
 */
export const gridConfigSchema = z
  .object({
    /** Step length, hours (0.25). Must equal the profile table's step. */
    dtHours: positive.default(0.25),
    /** Steps per episode (96: one day of 15-minute steps). */
    episodeSteps: z.number().int().min(1).default(96),
    /** Feeder import capacity, kW (9.5); import above it is congestion. */
    feederCapacityKw: positive.default(9.5),
    /** Export limit, kW (2.0); export above it is spilled solar. */
    exportLimitKw: nonNegative.default(2.0),
    /** Shared battery energy capacity, kWh (12.0). */
    batteryCapacityKwh: positive.default(12.0),
    /** Shared battery power rating, kW (4.0): the producer's full charge or discharge. */
    batteryMaxKw: nonNegative.default(4.0),
    /** Battery state of charge at the start of an episode, fraction of capacity (0.5). */
    initialSoc: fraction.default(0.5),
    /**
     * Spread of the initial state of charge (0: every episode starts at `initialSoc`). Above 0, each episode's
     * initial SoC is drawn uniformly from [initialSoc - spread, initialSoc + spread] (clipped to [0, 1]) from the
     * env's random stream: a training aid (exploring starts) so a learner sees a charged battery at every hour.
     * Training-only: set it in a training recipe's `trainingEnv`.
     */
    initialSocSpread: fraction.default(0),
    /**
     * Feeder guard, a safety layer (false: the article, every action is carried out as asked). true: once the
     * consumers' requested loads are known, the battery's requested power is projected onto the powers that keep the
     * feeder within `feederCapacityKw` and `exportLimitKw` (the nearest such power, discharging or charging more or
     * less than asked) and clipped to what the battery can do; what the battery cannot cover, the consumers' flexible
     * load does (lowered or raised in proportion to each one's room within its flexible power, budget left when
     * enforced, and the load floor; the change counts as flexibility used). A violation remains only where all of it
     * at its limit cannot prevent one. Applies to every policy alike; `guardCorrectionKw` in the step info is how
     * much it changed the requests.
     */
    feederGuard: z.boolean().default(false),
    /**
     * Backup reserve, fraction of the battery's capacity (0: none, the article). The producer's dispatch never
     * discharges the battery below it; only the feeder guard (`feederGuard`) draws on it, to keep the feeder within
     * its limits when the producer has spent the rest (as a home battery's backup reserve is kept for outages).
     * Without the guard it is capacity no one uses.
     */
    batteryReserveFraction: fraction.default(0),
    /**
     * Headroom, fraction of the battery's capacity (0: none, the article): the producer's own dispatch never charges
     * the battery above 1 - headroom; only the feeder guard charges into it, to absorb export above
     * `exportLimitKw` when the producer has filled the rest. The reserve's counterpart at the top; their sum must be
     * below 1.
     */
    batteryHeadroomFraction: fraction.default(0),
    /**
     * The guard's lookahead, hours (0: none). With the feeder guard on and a lookahead, the backup reserve grows to
     * what the guard will need over the next hours of the episode: the energy by which the uncontrolled feeder (every
     * consumer's base load less solar, no battery, no flexibility) would exceed `feederCapacityKw` over them, before
     * discharge losses, as `guardForecast` foresees it. A predictive safety filter: the producer's own discharge
     * stops there, and below it the guard charges the
     * battery toward it as far as the feeder has room, so the battery holds that energy when the overload comes.
     * Likewise the headroom grows to the room the uncontrolled feeder's export above `exportLimitKw` over those hours
     * will need (after charge losses): the producer's own charge stops there, and above it the guard discharges toward
     * it as far as the feeder has room. Where a small battery cannot keep both, the energy wins. In a violation the
     * guard spends the battery within these bounds first, then the consumers' flexibility, then what it kept. The
     * optimum and MPC plan without it.
     */
    guardLookaheadHours: z.number().finite().min(0).max(48).default(0),
    /**
     * What the guard's lookahead reads (`forecast`). `forecast`: the forecast model the agents and MPC get
     * (`VecGridEnv.forecast`: each consumer's base load and the solar with `forecastNoiseStd` relative noise, drawn
     * afresh every step from the guard's own seeded stream), as a deployed guard would plan; with no noise it is
     * exact, and agrees with the oracle up to rounding. `oracle`: the profile itself, a perfect forecast that gives
     * the environment knowledge no real controller has (the lookahead's figures in benchmarks/RESULTS.md before
     * this option were measured with it).
     */
    guardForecast: guardForecastSchema.default("forecast"),
    /** Battery round-trip efficiency (1.0: lossless, the article); split evenly between charge and discharge. */
    batteryRoundTripEfficiency: z.number().finite().gt(0).max(1).default(1.0),
    /** Battery self-discharge, fraction of stored energy lost per hour (0). */
    batterySelfDischargePerHour: fraction.default(0),
    /** Degradation cost, $ per kWh of battery throughput, charged to the producer and the team (0). */
    batteryDegradationUsdPerKwh: nonNegative.default(0),
    /** Each consumer's share of the feeder base load (0.45, 0.35, 0.20); its length is the number of consumers. */
    consumerShares: z.array(nonNegative).min(1).default([0.45, 0.35, 0.2]),
    /** Each consumer's flexible power, kW, or one value for all (1.2, 1.0, 0.8). */
    flexKw: z.union([nonNegative, z.array(nonNegative).min(1)]).default([1.2, 1.0, 0.8]),
    /** Flexibility each consumer may use per episode before comfort overflow is penalised, kWh (3.0). */
    flexBudgetKwh: positive.default(3.0),
    /**
     * Hard flexibility budget (false: the article, where flexibility beyond `flexBudgetKwh` is only penalised in the
     * consumers' own reward). true: a consumer's flexibility in a step is clipped to what is left of its budget, as
     * the linear-program optimum assumes, so no reward structure can curtail without limit.
     */
    flexBudgetEnforced: z.boolean().default(false),
    /** A consumer's load never goes below this, kW (0.05). */
    minConsumerLoadKw: nonNegative.default(0.05),
    /** The operator's tariff adder at full action, $/kWh (0.03). */
    tariffAdderUsdPerKwh: nonNegative.default(0.03),
    /** The retail price never goes below this, $/kWh (0.01). */
    retailPriceFloorUsdPerKwh: nonNegative.default(0.01),
    /** Discrete action levels (the article) or continuous actions in [-1, 1]. */
    actionMode: actionModeSchema.default("discrete"),
    /** Number of discrete levels, evenly spaced in [-1, 1] (3: the article's -1, 0, +1). */
    actionLevels: z.number().int().min(2).default(3),
    /**
     * Spacing of the discrete levels: level k is sign(u)|u|^exponent for u = -1 + 2k/(levels - 1), so 1 (the default)
     * spaces them evenly and 2 or 3 put more of them near 0, keeping -1, +1 and (odd counts) 0: fine control of a
     * battery much more powerful than the feeder, without more levels to explore.
     */
    actionLevelExponent: z.number().finite().min(1).max(4).default(1),
    /** `curtail`: deferred load is dropped (the article). `shift`: deferred energy becomes a backlog to serve later. */
    flexibilityMode: flexibilityModeSchema.default("curtail"),
    /** `shift`: penalty per kWh of backlog still unserved when the episode ends, $ (0.5). */
    unservedPenaltyUsdPerKwh: nonNegative.default(0.5),
    /**
     * Price of the energy cost inside the team reward: `retail` (the article: day-ahead plus the operator's adder) or
     * `day-ahead` (the system cost the metrics judge, so the tariff adder cannot look like a saving to the team).
     * Bills and `info.energyCostUsd` stay at the retail price either way.
     */
    teamCostPrice: z.enum(["retail", "day-ahead"]).default("retail"),
    /**
     * Reward structure (`article`: consumers 0.30 team, producer 0.35 team, operator the team's). `difference`: each
     * agent gets the team reward minus the team reward of the same step with its own action replaced by the neutral
     * one (no flexibility, an idle battery, no adder), the rest of the step unchanged: its marginal contribution to
     * the team, without the noise of the other agents' exploration. The difference is taken on the unshaped team
     * reward; the shaping potentials then go to the agent whose state they measure (stored energy to the producer,
     * each consumer's unused budget to that consumer), so each agent's shaping still sums to a constant per episode.
     */
    rewardStructure: rewardStructureSchema.default("article"),
    /**
     * `difference` rewards only (false: the plain difference). true: every agent also bears the step's violation
     * costs (congestion, spill and the per-step violation penalty, at the reward weights) as the team reward does. A
     * difference reward nets out a violation the agent's own action could not have prevented at that step, so no agent
     * answers for emptying the battery hours before an overload nothing can then prevent; with this on, each does,
     * through its return. With the feeder guard the shared cost falls only on such overloads.
     */
    differenceSharesViolations: z.boolean().default(false),
    /** `mixed`: weight on the team reward, each agent gets (1 - alpha) own + alpha team (0.5). */
    rewardAlpha: fraction.default(0.5),
    rewardWeights: rewardWeightsSchema.default(rewardWeightsSchema.parse({})),
    /** `none` (the article), `broadcast` (all agents' previous actions and the retail price), `global-state`. */
    communication: communicationSchema.default("none"),
    /** Probability that a communicated message is lost in a step (seen as zeros) (0). */
    communicationDropProbability: fraction.default(0),
    /** Broadcast actions arrive this many steps late (0: the previous step's actions). */
    communicationDelaySteps: z.number().int().min(0).max(96).default(0),
    /**
     * Relative standard deviation of Gaussian noise on the forecasts (0): the solar forecast in the agents'
     * observations, each consumer's load and the solar in `VecGridEnv.forecast` (MPC's), and the guard's lookahead
     * with `guardForecast: "forecast"`.
     */
    forecastNoiseStd: nonNegative.default(0),
    /** Standard deviation of Gaussian noise added to every observation entry, normalised units (0). */
    observationNoiseStd: nonNegative.default(0),
  })
  .strict();

/** A configuration as written by a user: every field optional. */
export type GridConfigInput = z.input<typeof gridConfigSchema>;
/** A validated configuration with every default filled in. */
export type GridConfig = z.output<typeof gridConfigSchema>;
export type RewardWeights = z.output<typeof rewardWeightsSchema>;
export type RewardStructure = z.output<typeof rewardStructureSchema>;
export type Communication = z.output<typeof communicationSchema>;
export type ActionMode = z.output<typeof actionModeSchema>;
export type FlexibilityMode = z.output<typeof flexibilityModeSchema>;
export type GuardForecast = z.output<typeof guardForecastSchema>;

/** Thrown for an invalid configuration; the message names each field's path and what is accepted. */
export class ConfigError extends Error {
  constructor(
    readonly problems: { path: string; message: string }[],
    where = "config",
  ) {
    super(`invalid ${where}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Formats a zod error as field paths (`config.flexKw[2]`) with the reason. */
export function zodProblems(error: z.ZodError, root: string): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path].reduce<string>(
      (text, key) => (typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`),
      "",
    ),
    message: issue.message,
  }));
}

/**
 * Validates a configuration and fills in the article's defaults. Unknown fields are rejected (a typo is an error,
 * not a silently ignored setting). Throws {@link ConfigError} naming each bad field's path.
 */
export function parseGridConfig(input: unknown = {}, root = "config"): GridConfig {
  const result = gridConfigSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(zodProblems(result.error, root), root);
  const { batteryReserveFraction: reserve, batteryHeadroomFraction: headroom } = result.data;
  if (reserve + headroom >= 1) {
    const message = `${headroom} with batteryReserveFraction ${reserve} leaves the producer none of the battery; expected the two to sum below 1`;
    throw new ConfigError([{ path: `${root}.batteryHeadroomFraction`, message }], root);
  }
  return result.data;
}

/** The article's configuration. */
export const ARTICLE_CONFIG: GridConfig = parseGridConfig({});
