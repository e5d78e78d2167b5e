import { z } from "zod";
import { fraction, nonNegative } from "./numbers.js";

/** What each agent sees beyond its local observation. */
export const communicationSchema = z.enum(["none", "broadcast", "global-state"]);

/** Forecast features in the observations: none (the article), or what a planner plans with over the coming hours. */
export const forecastFeaturesSchema = z.enum(["none", "lookahead"]);

/** What each agent observes: its local observation, what it is told (communication), and the noise on both. */
export const observationSchema = z
  .object({
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
    /**
     * Forecast features appended to every agent's observation (after its own entries, before any messages) and to
     * the global state (after the consumers' entries): `none` (the article) or `lookahead`, what a model-predictive
     * controller plans with over the next `forecastHorizonHours` (entries named in `FORECAST_INDEX`, placed by
     * `observationLayout`): the day-ahead price's z-score averaged over the horizon's first third and over the rest,
     * the hours to the horizon's highest day-ahead price, and the feeder's base load and the solar as the forecast
     * model of `VecGridEnv.forecast` (MPC's) gives them, averaged over the same two windows. Day-ahead prices are
     * published the day before, so they are exact; load and solar carry `forecastNoiseStd`: at its default 0 they
     * are a perfect forecast, knowledge of the future no real controller has.
     */
    forecastFeatures: forecastFeaturesSchema.default("none"),
    /**
     * Hours the forecast features look ahead (12): the near window is the horizon's first third (the next 4 h), the
     * far window the rest (4-12 h), each at least one step.
     */
    forecastHorizonHours: z.number().finite().min(0.5).max(48).default(12),
    /** Standard deviation of Gaussian noise added to every observation entry, normalised units (0). */
    observationNoiseStd: nonNegative.default(0),
  })
  .strict();

export type Communication = z.output<typeof communicationSchema>;
export type ForecastFeatures = z.output<typeof forecastFeaturesSchema>;
