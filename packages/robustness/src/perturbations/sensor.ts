import { type Policy, Sfc32, type VecGridEnv } from "@grid/env";
import { z } from "zod";
import { MeasuredEnv, measuredEntries } from "../measured-env.js";
import { agentSelectorSchema, selectAgents, type StressCase } from "./stress-case.js";

/** How a sensor fails. */
export const sensorFaultKindSchema = z.enum(["stuck", "missing", "biased", "noisy"]);
export type SensorFaultKind = z.output<typeof sensorFaultKindSchema>;

/**
 * `sensor`: the telemetry of the chosen agents fails. `stuck`: every measurement freezes at its value at
 * `onsetHour` for `severities[i]` hours; `missing`: reads NaN for that many hours from `onsetHour`; `biased`: reads
 * (1 + severity) x the truth all day; `noisy`: reads the truth x (1 + severity x a standard normal draw) all day. The
 * measurements are every agent's measured observation entries (feeder load and solar, state of charge, net import,
 * own load) and what the baselines read: the state of charge and the feeder's solar and load (faulty when `agents`
 * is `all`: they are the shared sensors) and the chosen consumers' own loads. A state of charge reads within [0, 1].
 */
export const sensorPerturbationSchema = z
  .object({
    family: z.literal("sensor"),
    kind: sensorFaultKindSchema,
    /** Hours of fault (stuck, missing) or the relative bias or noise (biased, noisy), one run each. */
    severities: z.array(z.number().finite().positive()).min(1),
    /** Whose telemetry fails (`all`, or agent ids such as `consumer_0`, `producer`, `operator`). */
    agents: agentSelectorSchema.default("all"),
    /** Hour of the episode (from its first step) at which a stuck or missing fault starts (12). */
    onsetHour: z.number().finite().min(0).max(48).default(12),
  })
  .strict();
export type SensorPerturbation = z.output<typeof sensorPerturbationSchema>;

/** The cases of a sensor perturbation, one per severity. */
export function sensorCases(perturbation: SensorPerturbation): StressCase[] {
  const timed = perturbation.kind === "stuck" || perturbation.kind === "missing";
  return perturbation.severities.map((severity) => ({
    family: "sensor",
    kind: perturbation.kind,
    severity,
    severityUnit: timed ? "h" : "relative",
    stochastic: perturbation.kind === "noisy",
    wrap: (policy: Policy, seed: number) => new SensorFaultPolicy(policy, { ...perturbation, severity }, seed),
  }));
}

/** One sensor fault at one severity. */
export interface SensorFault {
  kind: SensorFaultKind;
  severity: number;
  agents: SensorPerturbation["agents"];
  onsetHour: number;
}

/** A policy whose view of the environment has a sensor fault (see {@link sensorPerturbationSchema}). */
export class SensorFaultPolicy implements Policy {
  readonly name: string;
  private measured: MeasuredEnv | undefined;
  private chosen: Uint8Array = new Uint8Array(0);
  private frozen: MeasuredEnv | undefined;
  private readonly random: Sfc32;

  constructor(
    readonly inner: Policy,
    readonly fault: SensorFault,
    seed: number,
  ) {
    this.name = inner.name;
    this.random = new Sfc32(seed + 0x51ab);
  }

  beginEpisode(env: VecGridEnv, envIndex: number): void {
    this.inner.beginEpisode?.(this.measuredFor(env).view, envIndex);
  }

  act(env: VecGridEnv, actions: Float32Array): void {
    const measured = this.measuredFor(env);
    measured.capture();
    for (let envIndex = 0; envIndex < env.numEnvs; envIndex++) this.corrupt(measured, envIndex);
    this.inner.act(measured.view, actions);
  }

  dispose(): void {
    this.inner.dispose?.();
  }

  private measuredFor(env: VecGridEnv): MeasuredEnv {
    if (this.measured?.source !== env) {
      this.measured = new MeasuredEnv(env);
      this.frozen = new MeasuredEnv(env);
      this.chosen = selectAgents(env, this.fault.agents, "sensor.agents");
    }
    return this.measured;
  }

  /** Writes the fault into env `envIndex`'s measurements of this step. */
  private corrupt(measured: MeasuredEnv, envIndex: number): void {
    const env = measured.source;
    const { kind, severity } = this.fault;
    const step = env.stepInEpisode[envIndex];
    const onsetStep = Math.round(this.fault.onsetHour / env.config.dtHours);
    if (kind === "stuck" || kind === "missing") {
      const endStep = onsetStep + Math.round(severity / env.config.dtHours);
      if (step < onsetStep || step >= endStep) return;
      if (kind === "stuck" && step === onsetStep) this.copyMeasurements(measured, this.frozen!, envIndex, true);
      if (kind === "stuck") this.copyMeasurements(this.frozen!, measured, envIndex, false);
      else this.editMeasurements(measured, envIndex, () => Number.NaN);
      return;
    }
    if (kind === "biased") this.editMeasurements(measured, envIndex, (value) => value * (1 + severity));
    else this.editMeasurements(measured, envIndex, (value) => value * (1 + severity * this.random.normal()));
  }

  /** Applies `edit` to every faulty measurement of env `envIndex` (a state of charge is kept within [0, 1]). */
  private editMeasurements(measured: MeasuredEnv, envIndex: number, edit: (value: number) => number): void {
    const env = measured.source;
    const soc = (value: number) => {
      const edited = edit(value);
      return Number.isNaN(edited) ? edited : Math.min(1, Math.max(0, edited));
    };
    for (let agent = 0; agent < env.numAgents; agent++) {
      if (this.chosen[agent] === 0) continue;
      const offset = measured.rowOffset(agent, envIndex);
      for (const k of measuredEntries(env, agent)) {
        const isSoc = k === 6 || (k === 10 && agent === env.producerIndex);
        measured.observations[offset + k] = isSoc ? soc(measured.observations[offset + k]) : edit(measured.observations[offset + k]);
      }
    }
    const t = env.currentStep(envIndex);
    if (this.fault.agents === "all") {
      measured.soc[envIndex] = soc(measured.soc[envIndex]);
      measured.solarKw[t] = edit(measured.solarKw[t]);
      measured.baseLoadKw[t] = edit(measured.baseLoadKw[t]);
    }
    for (let c = 0; c < env.numConsumers; c++) {
      const index = c * env.profileLength + t;
      if (this.chosen[c] === 1) measured.consumerLoadKw[index] = edit(measured.consumerLoadKw[index]);
    }
  }

  /**
   * Copies the faulty measurements of env `envIndex` between the step's buffers and the frozen ones. `atOnset`: from
   * the current step into the frozen set, whose per-step series keep env `envIndex`'s value at its episode's first
   * step (each env's episode has its own first step); else back from there into the current step.
   */
  private copyMeasurements(from: MeasuredEnv, to: MeasuredEnv, envIndex: number, atOnset: boolean): void {
    const env = from.source;
    const tFrom = atOnset ? env.currentStep(envIndex) : env.startStep[envIndex];
    const tTo = atOnset ? env.startStep[envIndex] : env.currentStep(envIndex);
    for (let agent = 0; agent < env.numAgents; agent++) {
      if (this.chosen[agent] === 0) continue;
      const offset = from.rowOffset(agent, envIndex);
      for (const k of measuredEntries(env, agent)) to.observations[offset + k] = from.observations[offset + k];
    }
    if (this.fault.agents === "all") {
      to.soc[envIndex] = from.soc[envIndex];
      to.solarKw[tTo] = from.solarKw[tFrom];
      to.baseLoadKw[tTo] = from.baseLoadKw[tFrom];
    }
    for (let c = 0; c < env.numConsumers; c++) {
      if (this.chosen[c] === 1) to.consumerLoadKw[c * env.profileLength + tTo] = from.consumerLoadKw[c * env.profileLength + tFrom];
    }
  }
}
