import { z } from "zod";
import { fraction, nonNegative } from "./numbers.js";

/** What each agent sees beyond its local observation. */
export const communicationSchema = z.enum(["none", "broadcast", "global-state"]);

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
    /** Standard deviation of Gaussian noise added to every observation entry, normalised units (0). */
    observationNoiseStd: nonNegative.default(0),
  })
  .strict();

export type Communication = z.output<typeof communicationSchema>;
