import { parseGridConfig } from "@grid/env";
import { z } from "zod";
import type { CaseContext, StressCase } from "./stress-case.js";

/**
 * `communication`: the agents' messages are lost (`drop`: each agent's messages of a step lost with probability
 * severity, seen as zeros) or late (`delay`: broadcast actions arrive severity steps late). Applies to a policy that
 * communicates (its configuration's `communication` is `broadcast` or `global-state`); reported as not applicable
 * otherwise.
 */
export const communicationPerturbationSchema = z
  .object({
    family: z.literal("communication"),
    kind: z.enum(["drop", "delay"]),
    /** Drop probabilities in (0, 1], or delays in whole steps, one run each. */
    severities: z.array(z.number().finite().positive()).min(1),
  })
  .strict();
export type CommunicationPerturbation = z.output<typeof communicationPerturbationSchema>;

function notApplicable(context: CaseContext): string | undefined {
  const communication = parseGridConfig(context.config).communication;
  return communication === "none" ? "the policy's observations carry no messages (communication: none)" : undefined;
}

/** The cases of a communication perturbation, one per severity; throws naming a severity out of range. */
export function communicationCases(perturbation: CommunicationPerturbation): StressCase[] {
  return perturbation.severities.map((severity, index) => {
    const drop = perturbation.kind === "drop";
    if (drop && severity > 1) throw new Error(`communication.severities[${index}]: ${severity}; a drop probability is in (0, 1]`);
    if (!drop && !Number.isInteger(severity)) throw new Error(`communication.severities[${index}]: ${severity}; a delay is a whole number of steps`);
    return {
      family: "communication",
      kind: perturbation.kind,
      severity,
      severityUnit: drop ? "probability" : "steps",
      stochastic: drop,
      config: () => (drop ? { communicationDropProbability: severity } : { communicationDelaySteps: severity }),
      notApplicable,
    };
  });
}
