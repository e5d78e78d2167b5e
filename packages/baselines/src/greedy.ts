import type { Policy, VecGridEnv } from "@grid/env";
import { actionForValue } from "./actions.js";
import { EnvProbe } from "./env-probe.js";

/** Options of the `greedy` baseline. */
export interface GreedyPolicyOptions {
  /** Candidate values in [-1, 1] tried in continuous mode ([-1, -0.5, 0, 0.5, 1]); discrete mode tries every level. */
  continuousCandidates?: number[];
}

/**
 * `greedy`: the seed paper's myopic, uncoordinated heuristic. At every step each agent, on its own, takes the
 * action that maximises its own immediate reward (the environment's configured reward structure) given the
 * current step, holding every other agent at "hold" (consumers hold, the battery idles, the adder is 0). Each
 * candidate's reward is measured by stepping a scratch copy of the environment (the real physics and reward,
 * never a re-implementation) from the env's current state: battery state of charge, flexibility used, backlog
 * and previous net import. Ties go to "hold", then to the lower action. The agents do not see each other's
 * choices, so their actions can conflict (that is the point of the baseline).
 */
export class GreedyPolicy implements Policy {
  readonly name = "greedy";
  private readonly continuousCandidates: number[];
  private probe: EnvProbe | undefined;
  private candidateActions = new Float32Array(0);
  private holdIndex = 0;

  constructor(options: GreedyPolicyOptions = {}) {
    const candidates = options.continuousCandidates ?? [-1, -0.5, 0, 0.5, 1];
    if (candidates.length === 0 || candidates.some((value) => !(value >= -1 && value <= 1))) {
      throw new Error(`greedy.continuousCandidates: [${candidates.join(", ")}]; expected at least one value in [-1, 1]`);
    }
    this.continuousCandidates = candidates;
  }

  private prepare(env: VecGridEnv): VecGridEnv {
    if (this.probe?.source === env) return this.probe.scratch;
    const candidates =
      env.numActions > 0 ? Float32Array.from({ length: env.numActions }, (_, k) => k) : Float32Array.from(this.continuousCandidates);
    this.candidateActions = candidates;
    this.holdIndex = candidates.indexOf(actionForValue(env, 0));
    this.probe = new EnvProbe(env, env.numAgents * candidates.length);
    return this.probe.scratch;
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    const scratch = this.prepare(env);
    const candidates = this.candidateActions;
    const numCandidates = candidates.length;
    const numAgents = env.numAgents;
    const scratchEnvs = scratch.numEnvs;
    const hold = actionForValue(env, 0);
    for (let envIndex = 0; envIndex < env.numEnvs; envIndex++) {
      // Every scratch env starts from this env's state; scratch env (agent, candidate) varies one agent's action.
      this.probe!.load(envIndex);
      const scratchActions = scratch.actions;
      scratchActions.fill(hold);
      for (let agent = 0; agent < numAgents; agent++) {
        for (let k = 0; k < numCandidates; k++) scratchActions[agent * scratchEnvs + agent * numCandidates + k] = candidates[k];
      }
      scratch.step(scratchActions);
      for (let agent = 0; agent < numAgents; agent++) {
        const rewardBase = agent * scratchEnvs + agent * numCandidates;
        let best = this.holdIndex >= 0 ? this.holdIndex : 0;
        let bestReward = scratch.rewards[rewardBase + best];
        for (let k = 0; k < numCandidates; k++) {
          const reward = scratch.rewards[rewardBase + k];
          if (reward > bestReward + 1e-12) {
            best = k;
            bestReward = reward;
          }
        }
        actions[agent * env.numEnvs + envIndex] = candidates[best];
      }
    }
  }
}
