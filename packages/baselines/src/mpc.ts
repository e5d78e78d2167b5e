import type { Policy, VecGridEnv } from "@grid/env";
import { type DispatchPlan, dispatchProblemFromEnv, solveDispatch } from "./dispatch-program.js";
import { EnvProbe } from "./env-probe.js";
import { writePlanActions } from "./plan-replay.js";
import type { LinearSolver } from "./solver.js";

/** Options of the `mpc` baseline. */
export interface MpcPolicyOptions {
  /** Planning horizon, hours (12); cut at the episode's end. */
  horizonHours?: number;
  /** Re-plan every this many steps (1: every step); in between, the last plan's next steps are applied. */
  replanEverySteps?: number;
  /**
   * Value of battery energy left at the horizon's end when the horizon stops before the episode does, $/kWh.
   * Default: the mean forecast import price over the horizon (stored energy is worth what it would save on an
   * average step); 0 when the horizon reaches the episode's end (as for `optimal`).
   */
  terminalEnergyValueUsdPerKwh?: number;
  /** Penalty on import above the feeder capacity, $/kWh (1000: an exact penalty). */
  congestionPenaltyUsdPerKwh?: number;
  /** Tie-breaking penalty on spilled solar, $/kWh (1e-4). */
  spillPenaltyUsdPerKwh?: number;
}

/**
 * `mpc`: receding-horizon control. Every `replanEverySteps` steps it solves the same linear program as
 * `optimal` over the next `horizonHours` (cut at the episode's end) with the forecasts the environment gives
 * (`env.forecast`: the current step exact, later steps with `forecastNoiseStd` relative noise), from the env's
 * current battery energy, flexibility used and backlog, and applies the plan's first step(s). The tariff adder
 * is fixed at 0.
 *
 * In discrete mode each planned value goes to its nearest level; when the rounded actions would congest the
 * feeder in the current step (measured on a scratch copy of the env, see {@link EnvProbe}) while the plan did
 * not, the battery moves one level towards discharge (then the consumers one level towards deferral) until the
 * step is within the limit or no level is left: rounding a plan that rides the feeder limit must not overshoot it.
 */
export class MpcPolicy implements Policy {
  readonly name = "mpc";
  readonly options: Required<Omit<MpcPolicyOptions, "terminalEnergyValueUsdPerKwh">> & { terminalEnergyValueUsdPerKwh?: number };
  /** Linear programs solved so far. */
  solves = 0;
  private readonly plans: (DispatchPlan | undefined)[] = [];
  private readonly planSteps: number[] = [];
  private readonly planStarts: number[] = [];
  private probe: EnvProbe | undefined;

  constructor(
    private readonly solver: LinearSolver,
    options: MpcPolicyOptions = {},
  ) {
    const horizonHours = options.horizonHours ?? 12;
    const replanEverySteps = options.replanEverySteps ?? 1;
    if (!(horizonHours > 0)) throw new Error(`mpc.horizonHours: ${horizonHours}; expected a positive number of hours`);
    if (!Number.isInteger(replanEverySteps) || replanEverySteps < 1) {
      throw new Error(`mpc.replanEverySteps: ${replanEverySteps}; expected a whole number >= 1`);
    }
    this.options = {
      horizonHours,
      replanEverySteps,
      terminalEnergyValueUsdPerKwh: options.terminalEnergyValueUsdPerKwh,
      congestionPenaltyUsdPerKwh: options.congestionPenaltyUsdPerKwh ?? 1000,
      spillPenaltyUsdPerKwh: options.spillPenaltyUsdPerKwh ?? 1e-4,
    };
  }

  beginEpisode(_env: VecGridEnv, envIndex: number): void {
    this.plans[envIndex] = undefined;
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    const horizonSteps = Math.max(1, Math.round(this.options.horizonHours / env.config.dtHours));
    for (let envIndex = 0; envIndex < env.numEnvs; envIndex++) {
      const step = env.stepInEpisode[envIndex];
      let plan = this.plans[envIndex];
      const stale =
        plan === undefined ||
        this.planStarts[envIndex] !== env.startStep[envIndex] ||
        step - this.planSteps[envIndex] >= this.options.replanEverySteps ||
        step - this.planSteps[envIndex] >= plan.batteryDispatchKw.length ||
        step < this.planSteps[envIndex];
      if (stale) {
        plan = solveDispatch(this.solver, dispatchProblemFromEnv(env, envIndex, horizonSteps, "forecast", this.options));
        this.solves++;
        this.plans[envIndex] = plan;
        this.planSteps[envIndex] = step;
        this.planStarts[envIndex] = env.startStep[envIndex];
      }
      writePlanActions(env, envIndex, plan!, step - this.planSteps[envIndex], actions);
      if (env.numActions > 0) this.avoidRoundingCongestion(env, envIndex, actions);
    }
  }

  /** Discrete mode: nudges rounded actions that congest the current step towards less import (see the class doc). */
  private avoidRoundingCongestion(env: VecGridEnv, envIndex: number, actions: Float32Array): void {
    if (this.probe?.source !== env) this.probe = new EnvProbe(env, 1);
    const probe = this.probe;
    const scratch = probe.scratch;
    const numEnvs = env.numEnvs;
    const top = env.numActions - 1;
    for (let attempt = 0; attempt <= 2 * top; attempt++) {
      probe.load(envIndex);
      for (let agent = 0; agent < env.numAgents; agent++) scratch.actions[agent] = actions[agent * numEnvs + envIndex];
      scratch.step(scratch.actions);
      if (scratch.info.congestionKw[0] <= 0) return;
      const producer = env.producerIndex * numEnvs + envIndex;
      if (actions[producer] < top) {
        actions[producer]++;
        continue;
      }
      let moved = false;
      for (let c = 0; c < env.numConsumers; c++) {
        if (actions[c * numEnvs + envIndex] > 0) {
          actions[c * numEnvs + envIndex]--;
          moved = true;
        }
      }
      if (!moved) return;
    }
  }
}
