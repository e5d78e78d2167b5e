import { z } from "zod";
import { fraction, nonNegative } from "./numbers.js";

/**
 * What the feeder guard's lookahead knows of the coming hours: the forecast model the agents and MPC get
 * (`forecast`), or the profile itself (`oracle`: a perfect forecast, knowledge no real controller has).
 */
export const guardForecastSchema = z.enum(["oracle", "forecast"]);

/**
 * The safety layer: the feeder guard that projects the agents' requests onto the feeder's limits, the battery's
 * reserve and headroom it alone draws on, and its lookahead. Off by default (the article: every action is carried out
 * as asked).
 */
export const safetySchema = z
  .object({
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
    /**
     * The lookahead's margin for its forecast's error, z in the forecast error's own standard deviations (0: the
     * forecast as it is). With `guardForecast: "forecast"` and noise, the coming overload energy (and export room) is
     * planned z standard deviations of its error above what the forecast gives: the steps' errors are independent
     * (`forecastNoiseStd` relative, on every consumer's base load and the solar), so that error's variance is the sum
     * of the net load's over the steps that may exceed the limit. A chance-constrained reserve, as a deployed safety
     * filter keeps a margin for the error it knows from its forecast's record (z = 2: the reserve covers the coming
     * overloads with about 98% probability under that model). Without it the reserve follows each step's noisy
     * estimate, and a low draw lets the producer spend energy the overload then lacks (benchmarks/RESULTS.md, "The
     * guard's margin for its forecast"). No effect on the oracle or without noise.
     */
    guardForecastMarginStd: nonNegative.default(0),
  })
  .strict();

export type GuardForecast = z.output<typeof guardForecastSchema>;
