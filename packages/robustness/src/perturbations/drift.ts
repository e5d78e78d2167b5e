import { type GridConfig, type Policy, parseGridConfig, type VecGridEnv } from "@grid/env";
import { z } from "zod";
import type { CaseContext, StressCase } from "./stress-case.js";

/**
 * `drift`: the equipment ages. `battery-fade`: the battery's energy capacity is (1 - severity) of its rating;
 * `feeder-derating`: the feeder's import capacity is (1 - severity) of its rating. The physics (and the feeder
 * guard, when on) uses the drifted value; the policies are given the ratings they were built for unless `known` is
 * true (drift no one has measured yet: MPC plans on the nameplate capacity, a learned policy reads a state of charge
 * that is a fraction of the smaller battery).
 */
export const driftPerturbationSchema = z
  .object({
    family: z.literal("drift"),
    kind: z.enum(["battery-fade", "feeder-derating"]),
    /** Fractions of the rating lost, in (0, 1), one run each. */
    severities: z.array(z.number().finite().positive().lt(1)).min(1),
    /** Whether the policies see the drifted configuration (false: the nominal one). */
    known: z.boolean().default(false),
  })
  .strict();
export type DriftPerturbation = z.output<typeof driftPerturbationSchema>;

/** The cases of a drift perturbation, one per severity. */
export function driftCases(perturbation: DriftPerturbation): StressCase[] {
  return perturbation.severities.map((severity) => ({
    family: "drift",
    kind: perturbation.kind,
    severity,
    severityUnit: "fraction lost",
    stochastic: false,
    config: (context: CaseContext) => {
      const nominal = parseGridConfig(context.config);
      return perturbation.kind === "battery-fade"
        ? { batteryCapacityKwh: nominal.batteryCapacityKwh * (1 - severity) }
        : { feederCapacityKw: nominal.feederCapacityKw * (1 - severity) };
    },
    wrap: perturbation.known ? undefined : (policy: Policy, _seed: number, context: CaseContext) => new NominalConfigPolicy(policy, parseGridConfig(context.config)),
  }));
}

/** A policy that sees the environment with the nominal configuration in place of the environment's own. */
export class NominalConfigPolicy implements Policy {
  readonly name: string;
  private source: VecGridEnv | undefined;
  private view: VecGridEnv | undefined;

  constructor(
    readonly inner: Policy,
    readonly nominal: GridConfig,
  ) {
    this.name = inner.name;
  }

  beginEpisode(env: VecGridEnv, envIndex: number): void {
    this.inner.beginEpisode?.(this.viewOf(env), envIndex);
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    this.inner.act(this.viewOf(env), actions);
  }

  dispose(): void {
    this.inner.dispose?.();
  }

  private viewOf(env: VecGridEnv): VecGridEnv {
    if (this.source !== env || this.view === undefined) {
      const nominal = this.nominal;
      this.source = env;
      this.view = new Proxy(env, {
        get: (target, property, receiver) => (property === "config" ? nominal : Reflect.get(target, property, receiver)),
      });
    }
    return this.view;
  }
}
