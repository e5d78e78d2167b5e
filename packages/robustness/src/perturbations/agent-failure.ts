import { holdAction } from "@grid/baselines";
import type { Policy, VecGridEnv } from "@grid/env";
import { z } from "zod";
import { selectAgents, type StressCase } from "./stress-case.js";

/**
 * `agent-failure`: agents stop acting; their action is held neutral every step (a consumer holds its load, the
 * battery idles, the tariff adder is 0). Each severity is a list of failed agent ids, one run each.
 */
export const agentFailurePerturbationSchema = z
  .object({
    family: z.literal("agent-failure"),
    kind: z.literal("neutral").default("neutral"),
    /** Lists of failed agents (`consumer_0`, `producer`, `operator`), one run each. */
    severities: z.array(z.array(z.string().min(1)).min(1)).min(1),
  })
  .strict();
export type AgentFailurePerturbation = z.output<typeof agentFailurePerturbationSchema>;

/** The cases of an agent-failure perturbation, one per list of failed agents. */
export function agentFailureCases(perturbation: AgentFailurePerturbation): StressCase[] {
  return perturbation.severities.map((agents) => ({
    family: "agent-failure",
    kind: perturbation.kind,
    severity: agents.join("+"),
    severityUnit: "agents",
    stochastic: false,
    wrap: (policy: Policy) => new AgentFailurePolicy(policy, agents),
  }));
}

/** A policy whose chosen agents' actions are held neutral. */
export class AgentFailurePolicy implements Policy {
  readonly name: string;
  private failed: Uint8Array | undefined;

  constructor(
    readonly inner: Policy,
    readonly agents: string[],
  ) {
    this.name = inner.name;
  }

  beginEpisode(env: VecGridEnv, envIndex: number): void {
    this.inner.beginEpisode?.(env, envIndex);
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    this.inner.act(env, actions);
    this.failed ??= selectAgents(env, this.agents, "agent-failure.severities");
    const hold = holdAction(env);
    for (let agent = 0; agent < env.numAgents; agent++) {
      if (this.failed[agent] === 1) actions.fill(hold, agent * env.numEnvs, (agent + 1) * env.numEnvs);
    }
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}
