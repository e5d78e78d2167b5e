import type { Policy, VecGridEnv } from "@grid/env";
import { z } from "zod";
import { MeasuredEnv, measuredEntries } from "./measured-env.js";

/** When the fallback takes over. */
export const fallbackOptionsSchema = z
  .object({
    /**
     * An agent's measurements (see `measuredEntries`) unchanged, bit for bit, for more than this many consecutive
     * steps are stale (8: two hours of 15-minute steps). A live feeder's load moves every step; a frozen feed does not.
     */
    staleLimitSteps: z.number().int().min(1).default(8),
  })
  .strict();

export type FallbackOptionsInput = z.input<typeof fallbackOptionsSchema>;
export type FallbackOptions = z.output<typeof fallbackOptionsSchema>;

/** How often the fallback acted, since construction or {@link FallbackPolicy.resetCounts}. */
export interface FallbackCounts {
  /** Agent-steps whose action was the fallback's. */
  agentSteps: number;
  /** Env-steps in which at least one agent's action was the fallback's. */
  envSteps: number;
  /** Agent-steps with a NaN or infinite measurement. */
  nonFiniteAgentSteps: number;
  /** Agent-steps with measurements stale beyond the limit (and finite). */
  staleAgentSteps: number;
  /** Per agent, in the environment's agent order. */
  byAgent: number[];
}

/**
 * A policy behind a validity filter. Each step it checks every agent's measurements: an agent whose observation or
 * shared measurements (state of charge, feeder solar and load, its own load) are NaN or infinite, or whose measured
 * entries have not changed for more than `staleLimitSteps`, is invalid for that step. Invalid values are replaced
 * by that agent's last valid ones before the wrapped policy sees them (zeros before any), so a bad measurement
 * never reaches a network; the wrapped policy acts on the repaired measurements, and the invalid agents' actions
 * are then replaced by the fallback policy's (acting on the same repaired measurements). {@link counts} says how
 * often.
 */
export class FallbackPolicy implements Policy {
  readonly name: string;
  readonly options: FallbackOptions;
  counts: FallbackCounts = emptyCounts(0);
  private measured: MeasuredEnv | undefined;
  private state: FilterState | undefined;
  private fallbackActions = new Float32Array(0);

  constructor(
    readonly inner: Policy,
    readonly fallback: Policy,
    options: FallbackOptionsInput = {},
  ) {
    this.name = inner.name;
    this.options = fallbackOptionsSchema.parse(options);
  }

  beginEpisode(env: VecGridEnv, envIndex: number): void {
    const measured = this.measuredFor(env);
    this.state!.resetEnv(envIndex);
    this.inner.beginEpisode?.(measured.view, envIndex);
    this.fallback.beginEpisode?.(measured.view, envIndex);
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    const measured = this.measuredFor(env);
    const state = this.state!;
    measured.capture();
    const invalidCount = state.classify(measured, this.options.staleLimitSteps, this.counts);
    state.repair(measured);
    this.inner.act(measured.view, actions);
    if (invalidCount === 0) return;
    if (this.fallbackActions.length !== actions.length) this.fallbackActions = new Float32Array(actions.length);
    this.fallbackActions.fill(Number.NaN);
    this.fallback.act(measured.view, this.fallbackActions);
    const numEnvs = env.numEnvs;
    for (let envIndex = 0; envIndex < numEnvs; envIndex++) {
      let replaced = false;
      for (let agent = 0; agent < env.numAgents; agent++) {
        const slot = agent * numEnvs + envIndex;
        if (state.invalid[slot] === 0) continue;
        actions[slot] = this.fallbackActions[slot];
        this.counts.agentSteps++;
        this.counts.byAgent[agent]++;
        replaced = true;
      }
      if (replaced) this.counts.envSteps++;
    }
  }

  /** Starts the counts afresh (a new evaluation). */
  resetCounts(): void {
    this.counts = emptyCounts(this.counts.byAgent.length);
  }

  dispose(): void {
    this.inner.dispose?.();
    this.fallback.dispose?.();
  }

  private measuredFor(env: VecGridEnv): MeasuredEnv {
    if (this.measured?.source !== env) {
      this.measured = new MeasuredEnv(env);
      this.state = new FilterState(env);
      if (this.counts.byAgent.length !== env.numAgents) this.counts = emptyCounts(env.numAgents);
    }
    return this.measured;
  }
}

function emptyCounts(numAgents: number): FallbackCounts {
  return { agentSteps: 0, envSteps: 0, nonFiniteAgentSteps: 0, staleAgentSteps: 0, byAgent: new Array(numAgents).fill(0) };
}

/** Per agent and env: the last valid measurements, the previous step's, and how long they have not changed. */
class FilterState {
  /** [agent][env]: 1 when the agent's measurements are invalid this step. */
  readonly invalid: Uint8Array;
  private readonly unchangedSteps: Int32Array;
  private readonly previous: Float32Array;
  private readonly lastValid: Float32Array;
  private readonly hasValid: Uint8Array;
  private readonly lastShared: Float64Array;
  private readonly sharedWidth: number;

  constructor(readonly env: VecGridEnv) {
    const slots = env.numAgents * env.numEnvs;
    this.invalid = new Uint8Array(slots);
    this.unchangedSteps = new Int32Array(slots);
    this.previous = new Float32Array(env.observations.length).fill(Number.NaN);
    this.lastValid = new Float32Array(env.observations.length);
    this.hasValid = new Uint8Array(slots);
    this.sharedWidth = 3 + env.numConsumers;
    this.lastShared = new Float64Array(env.numEnvs * this.sharedWidth);
  }

  resetEnv(envIndex: number): void {
    const env = this.env;
    for (let agent = 0; agent < env.numAgents; agent++) {
      const slot = agent * env.numEnvs + envIndex;
      this.unchangedSteps[slot] = 0;
      this.hasValid[slot] = 0;
      const offset = slot * env.observationSize;
      this.previous.fill(Number.NaN, offset, offset + env.observationSize);
    }
  }

  /** Marks each agent valid or invalid for this step and counts why; returns how many are invalid. */
  classify(measured: MeasuredEnv, staleLimitSteps: number, counts: FallbackCounts): number {
    const env = this.env;
    const size = env.observationSize;
    const observations = measured.observations;
    let invalidCount = 0;
    for (let envIndex = 0; envIndex < env.numEnvs; envIndex++) {
      const sharedFinite = this.sharedFinite(measured, envIndex);
      for (let agent = 0; agent < env.numAgents; agent++) {
        const slot = agent * env.numEnvs + envIndex;
        const offset = slot * size;
        let finite = sharedFinite;
        for (let k = 0; k < size && finite; k++) finite = Number.isFinite(observations[offset + k]);
        let unchanged = true;
        for (const k of measuredEntries(env, agent)) {
          if (!Object.is(observations[offset + k], this.previous[offset + k])) unchanged = false;
          this.previous[offset + k] = observations[offset + k];
        }
        this.unchangedSteps[slot] = unchanged ? this.unchangedSteps[slot] + 1 : 0;
        const stale = this.unchangedSteps[slot] > staleLimitSteps;
        this.invalid[slot] = finite && !stale ? 0 : 1;
        if (!finite) counts.nonFiniteAgentSteps++;
        else if (stale) counts.staleAgentSteps++;
        invalidCount += this.invalid[slot];
      }
    }
    return invalidCount;
  }

  /** Puts the last valid values in place of invalid ones (zeros before any), so the policies see finite numbers. */
  repair(measured: MeasuredEnv): void {
    const env = this.env;
    const size = env.observationSize;
    for (let slot = 0; slot < this.invalid.length; slot++) {
      const offset = slot * size;
      if (this.invalid[slot] === 0) {
        this.lastValid.set(measured.observations.subarray(offset, offset + size), offset);
        this.hasValid[slot] = 1;
      } else if (this.hasValid[slot] === 1) measured.observations.set(this.lastValid.subarray(offset, offset + size), offset);
      else measured.observations.fill(0, offset, offset + size);
    }
    for (let envIndex = 0; envIndex < env.numEnvs; envIndex++) this.repairShared(measured, envIndex);
  }

  private sharedFinite(measured: MeasuredEnv, envIndex: number): boolean {
    const env = this.env;
    const t = env.currentStep(envIndex);
    if (!Number.isFinite(measured.soc[envIndex]) || !Number.isFinite(measured.solarKw[t]) || !Number.isFinite(measured.baseLoadKw[t])) return false;
    for (let c = 0; c < env.numConsumers; c++) if (!Number.isFinite(measured.consumerLoadKw[c * env.profileLength + t])) return false;
    return true;
  }

  /** The shared measurements: a non-finite one becomes its last finite value; a finite one is remembered. */
  private repairShared(measured: MeasuredEnv, envIndex: number): void {
    const env = this.env;
    const t = env.currentStep(envIndex);
    const base = envIndex * this.sharedWidth;
    const keep = (index: number, value: number): number => {
      if (Number.isFinite(value)) {
        this.lastShared[base + index] = value;
        return value;
      }
      return this.lastShared[base + index];
    };
    measured.soc[envIndex] = keep(0, measured.soc[envIndex]);
    measured.solarKw[t] = keep(1, measured.solarKw[t]);
    measured.baseLoadKw[t] = keep(2, measured.baseLoadKw[t]);
    for (let c = 0; c < env.numConsumers; c++) {
      const index = c * env.profileLength + t;
      measured.consumerLoadKw[index] = keep(3 + c, measured.consumerLoadKw[index]);
    }
  }
}
