import { z } from "zod";
import { fraction, nonNegative, positive } from "./numbers.js";

/** Flexibility as the article's curtailment, or energy-neutral shifting with a backlog. */
export const flexibilityModeSchema = z.enum(["curtail", "shift"]);

/**
 * Physics: the feeder, the shared battery, the consumers and their flexibility, the tariff; the step and the episode.
 * Powers kW, energies kWh, prices $/kWh. Every default is the seed article's.
 */
export const physicsSchema = z
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
    /** `curtail`: deferred load is dropped (the article). `shift`: deferred energy becomes a backlog to serve later. */
    flexibilityMode: flexibilityModeSchema.default("curtail"),
    /** The operator's tariff adder at full action, $/kWh (0.03). */
    tariffAdderUsdPerKwh: nonNegative.default(0.03),
    /** The retail price never goes below this, $/kWh (0.01). */
    retailPriceFloorUsdPerKwh: nonNegative.default(0.01),
  })
  .strict();

export type FlexibilityMode = z.output<typeof flexibilityModeSchema>;
