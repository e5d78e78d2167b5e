import { z } from "zod";
import type { StressCase } from "./stress-case.js";

/**
 * `forecast`: the forecasts the agents and MPC get are wrong. Each severity is the relative standard deviation of
 * Gaussian error on every forecast step but the current one (the environment's `forecastNoiseStd`: the solar
 * forecast in every observation, and the load and solar forecasts MPC plans on).
 */
export const forecastPerturbationSchema = z
  .object({
    family: z.literal("forecast"),
    kind: z.literal("error").default("error"),
    /** Relative standard deviations of forecast error, one run each. */
    severities: z.array(z.number().finite().positive()).min(1),
  })
  .strict();
export type ForecastPerturbation = z.output<typeof forecastPerturbationSchema>;

/** The cases of a forecast perturbation, one per severity. */
export function forecastCases(perturbation: ForecastPerturbation): StressCase[] {
  return perturbation.severities.map((severity) => ({
    family: "forecast",
    kind: perturbation.kind,
    severity,
    severityUnit: "relative std",
    stochastic: true,
    config: () => ({ forecastNoiseStd: severity }),
  }));
}
