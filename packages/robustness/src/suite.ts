import { z } from "zod";
import { fallbackOptionsSchema } from "./fallback.js";
import { agentFailureCases, agentFailurePerturbationSchema } from "./perturbations/agent-failure.js";
import { communicationCases, communicationPerturbationSchema } from "./perturbations/communication.js";
import { driftCases, driftPerturbationSchema } from "./perturbations/drift.js";
import { forecastCases, forecastPerturbationSchema } from "./perturbations/forecast.js";
import { sensorCases, sensorPerturbationSchema } from "./perturbations/sensor.js";
import type { StressCase } from "./perturbations/stress-case.js";
import { weatherCases, weatherPerturbationSchema } from "./perturbations/weather.js";

/** One perturbation of a suite: a family, a kind within it, and the severities it is run at. */
export const perturbationSchema = z.discriminatedUnion("family", [
  sensorPerturbationSchema,
  forecastPerturbationSchema,
  communicationPerturbationSchema,
  weatherPerturbationSchema,
  driftPerturbationSchema,
  agentFailurePerturbationSchema,
]);
export type PerturbationInput = z.input<typeof perturbationSchema>;
export type Perturbation = z.output<typeof perturbationSchema>;

/** The perturbation families, in the order a report lists them. */
export const PERTURBATION_FAMILIES = ["sensor", "forecast", "communication", "weather", "drift", "agent-failure"] as const;

/**
 * The default suite: every family at three graded severities (sensor faults on every agent's telemetry; the
 * weather on the test days; failed agents from the least to the most consequential).
 */
export const DEFAULT_PERTURBATIONS: PerturbationInput[] = [
  { family: "sensor", kind: "stuck", severities: [2, 6, 12] },
  { family: "sensor", kind: "missing", severities: [1, 4, 12] },
  { family: "sensor", kind: "biased", severities: [0.1, 0.25, 0.5] },
  { family: "sensor", kind: "noisy", severities: [0.05, 0.1, 0.2] },
  { family: "forecast", kind: "error", severities: [0.1, 0.25, 0.5] },
  { family: "communication", kind: "drop", severities: [0.1, 0.3, 0.6] },
  { family: "communication", kind: "delay", severities: [1, 4, 8] },
  { family: "weather", kind: "worst-days", severities: [0.5, 0.25, 0.1] },
  { family: "weather", kind: "heat-wave", severities: [0.1, 0.2, 0.4] },
  { family: "weather", kind: "cloud-front", severities: [0.3, 0.6, 0.9] },
  { family: "drift", kind: "battery-fade", severities: [0.1, 0.2, 0.4] },
  { family: "drift", kind: "feeder-derating", severities: [0.05, 0.1, 0.2] },
  { family: "agent-failure", kind: "neutral", severities: [["operator"], ["consumer_0"], ["producer"]] },
];

/** A stress suite: the perturbations, the evaluation seeds of the random ones, and the fallback's limits. */
export const stressSuiteSchema = z
  .object({
    /** The perturbations (the default suite when absent). */
    perturbations: z.array(perturbationSchema).min(1).prefault(DEFAULT_PERTURBATIONS),
    /** Evaluation seeds of each random case (noise, drops): its runs per policy. */
    seeds: z.number().int().min(1).default(3),
    /** When the fallback (the rule) replaces a policy's actions. */
    fallback: fallbackOptionsSchema.default(fallbackOptionsSchema.parse({})),
    /** Only these families (all when absent). */
    families: z.array(z.enum(PERTURBATION_FAMILIES)).min(1).optional(),
  })
  .strict();
export type StressSuiteInput = z.input<typeof stressSuiteSchema>;
export type StressSuite = z.output<typeof stressSuiteSchema>;

/** Validates a suite and fills in the defaults; throws naming each bad field's path (`suite.perturbations[2].severities`). */
export function parseStressSuite(input: unknown = {}, root = "suite"): StressSuite {
  const result = stressSuiteSchema.safeParse(input ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${[root, ...issue.path].map(String).join(".").replace(/\.(\d+)/g, "[$1]")}: ${issue.message}`);
    throw new Error(`invalid stress suite:\n${problems.join("\n")}`);
  }
  return result.data;
}

/** The suite's cases, each perturbation's severities in order, only the chosen families. */
export function suiteCases(suite: StressSuite): StressCase[] {
  return suite.perturbations.flatMap((perturbation, index): StressCase[] => {
    if (suite.families !== undefined && !suite.families.includes(perturbation.family)) return [];
    try {
      return casesOf(perturbation);
    } catch (error) {
      throw new Error(`suite.perturbations[${index}]: ${(error as Error).message}`);
    }
  });
}

function casesOf(perturbation: Perturbation): StressCase[] {
  switch (perturbation.family) {
    case "sensor":
      return sensorCases(perturbation);
    case "forecast":
      return forecastCases(perturbation);
    case "communication":
      return communicationCases(perturbation);
    case "weather":
      return weatherCases(perturbation);
    case "drift":
      return driftCases(perturbation);
    case "agent-failure":
      return agentFailureCases(perturbation);
  }
}
