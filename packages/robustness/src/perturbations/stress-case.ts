import type { DayRange, GridConfigInput, Policy, VecGridEnv } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import { z } from "zod";

/** Agents chosen by a perturbation: `all`, or a list of agent ids (`consumer_0`, `producer`, `operator`). */
export const agentSelectorSchema = z.union([z.literal("all"), z.array(z.string().min(1)).min(1)]);
export type AgentSelector = z.output<typeof agentSelectorSchema>;

/** What the evaluation of one case is given, beyond the policy. */
export interface CaseContext {
  profiles: ProfileTable;
  config: GridConfigInput;
  /** The episode starts of the test days. */
  startSteps: Int32Array;
  testDays: DayRange;
}

/** One perturbation at one severity: what it changes in the evaluation of a policy. */
export interface StressCase {
  /** `sensor`, `forecast`, `communication`, `weather`, `drift` or `agent-failure`. */
  family: string;
  /** The perturbation within the family (`stuck`, `noise`, `heat-wave`, ...). */
  kind: string;
  /** The severity: a number in `severityUnit`, or the failed agents. */
  severity: number | string;
  severityUnit: string;
  /** True when the case draws random numbers (run once per evaluation seed; else once). */
  stochastic: boolean;
  /** Environment fields over the evaluated configuration (the physics), from the nominal configuration. */
  config?: (context: CaseContext) => GridConfigInput;
  /** The profile table (the truth) and episode starts the case is evaluated on, from the nominal ones. */
  episodes?: (context: CaseContext) => { profiles: ProfileTable; startSteps: Int32Array };
  /** The policy as the case runs it (a fault in what it sees or does); `seed` is the evaluation seed. */
  wrap?: (policy: Policy, seed: number, context: CaseContext) => Policy;
  /** Why the case does not apply to this evaluation (it is reported, not run), given the evaluated configuration. */
  notApplicable?: (context: CaseContext) => string | undefined;
}

/** [agent]: 1 for each agent `selector` chooses in `env`; throws naming `field` and the known ids for an unknown id. */
export function selectAgents(env: VecGridEnv, selector: AgentSelector, field: string): Uint8Array {
  const chosen = new Uint8Array(env.numAgents);
  if (selector === "all") return chosen.fill(1);
  for (const id of selector) {
    const index = env.agentIds.indexOf(id);
    if (index < 0) throw new Error(`${field}: unknown agent "${id}"; this environment's agents are ${env.agentIds.join(", ")}`);
    chosen[index] = 1;
  }
  return chosen;
}
