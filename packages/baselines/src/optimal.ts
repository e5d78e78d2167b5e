import type { Policy, VecGridEnv } from "@grid/env";
import { type DispatchPlan, dispatchProblemFromEnv, PlanningError, solveDispatch } from "./dispatch-program.js";
import { writePlanActions } from "./plan-replay.js";
import type { LinearSolver } from "./solver.js";

/** Options of the `optimal` baseline. */
export interface OptimalPolicyOptions {
  /** Penalty on import above the feeder capacity, $/kWh (1000: an exact penalty, i.e. a hard limit when one is feasible). */
  congestionPenaltyUsdPerKwh?: number;
  /** Tie-breaking penalty on spilled solar, $/kWh (1e-4: among plans of equal cost, prefer using the sun). */
  spillPenaltyUsdPerKwh?: number;
  /**
   * Replay the plan in a discrete environment too, each planned value at its nearest level, the battery's at the
   * adjacent level that keeps the feeder within its limits (`writePlanActions`' withinLimits) (false: a discrete
   * environment is an error, since the optimum's cost is then no longer the floor). For demonstrations (a learner's
   * warm start), not for the cost floor. A new plan is made at every episode's first step (auto-reset environments).
   */
  discreteReplay?: boolean;
  /**
   * Plan against limits this much tighter, kW (0): feeder capacity and export limit each less this margin. For
   * demonstrations a learner imitates only approximately (it then keeps off the limits the plan rides); the cost
   * floor uses 0.
   */
  limitMarginKw?: number;
}

/**
 * `optimal`: the perfect-foresight linear program over each whole episode, solved with HiGHS when the episode
 * begins and replayed through the environment step by step. It knows every future load, solar and price
 * exactly, so its cost is a lower bound no causal policy can beat (within the continuous relaxation: it needs
 * `actionMode: "continuous"` and throws on a discrete environment; evaluate it on a continuous copy of the
 * configuration). The tariff adder is fixed at 0.
 */
export class OptimalPolicy implements Policy {
  readonly name = "optimal";
  /** The plan of each env's current episode (by env index). */
  readonly plans: (DispatchPlan | undefined)[] = [];
  private readonly planStarts: number[] = [];
  private readonly lastStepInEpisode: number[] = [];
  private readonly options: Required<OptimalPolicyOptions>;

  constructor(
    private readonly solver: LinearSolver,
    options: OptimalPolicyOptions = {},
  ) {
    this.options = {
      congestionPenaltyUsdPerKwh: options.congestionPenaltyUsdPerKwh ?? 1000,
      spillPenaltyUsdPerKwh: options.spillPenaltyUsdPerKwh ?? 1e-4,
      discreteReplay: options.discreteReplay ?? false,
      limitMarginKw: options.limitMarginKw ?? 0,
    };
  }

  beginEpisode(env: VecGridEnv, envIndex: number): void {
    if (env.numActions > 0 && !this.options.discreteReplay) {
      throw new PlanningError(
        `config.actionMode: the optimal policy plans continuous battery and flexibility power (a linear relaxation) and cannot be replayed in discrete mode (${env.numActions} levels); evaluate it with actionMode "continuous"`,
      );
    }
    const problem = dispatchProblemFromEnv(env, envIndex, env.config.episodeSteps - env.stepInEpisode[envIndex], "perfect", this.options);
    const margin = this.options.limitMarginKw;
    if (margin > 0) {
      const { feederCapacityKw, exportLimitKw } = problem.config;
      problem.config = { ...problem.config, feederCapacityKw: Math.max(0, feederCapacityKw - margin), exportLimitKw: Math.max(0, exportLimitKw - margin) };
    }
    this.plans[envIndex] = solveDispatch(this.solver, problem);
    this.planStarts[envIndex] = env.startStep[envIndex] + env.stepInEpisode[envIndex];
    this.lastStepInEpisode[envIndex] = -1;
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    for (let envIndex = 0; envIndex < env.numEnvs; envIndex++) {
      // A new episode: another start, or (auto-reset onto the same day) a step not after the last one acted on.
      const step = env.stepInEpisode[envIndex];
      const newEpisode = this.planStarts[envIndex] !== env.startStep[envIndex] || step <= (this.lastStepInEpisode[envIndex] ?? -1);
      if (this.plans[envIndex] === undefined || newEpisode) this.beginEpisode(env, envIndex);
      this.lastStepInEpisode[envIndex] = step;
      const plan = this.plans[envIndex]!;
      const planStep = env.currentStep(envIndex) - this.planStarts[envIndex];
      writePlanActions(env, envIndex, plan, planStep, actions, this.options.discreteReplay);
    }
  }
}
