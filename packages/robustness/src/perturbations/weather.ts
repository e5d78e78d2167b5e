import { parseGridConfig } from "@grid/env";
import { type ConsumerProfile, computeFeatures, type ProfileTable } from "@grid/profiles";
import { z } from "zod";
import type { CaseContext, StressCase } from "./stress-case.js";

/**
 * `weather`: harder days. `worst-days`: only the test days with the highest uncontrolled peak (feeder base load
 * less solar), the severity being the share of test days kept (at least one); `heat-wave`: load x (1 + severity)
 * from `startHour` to `endHour` on every test day (cooling); `cloud-front`: solar x (1 - severity) in those hours.
 * The changed days are the truth the physics runs on and the policies measure; engineered features are recomputed
 * (the environment's observation scales come from the table, so a heat wave that sets a new peak load rescales them).
 */
export const weatherPerturbationSchema = z
  .object({
    family: z.literal("weather"),
    kind: z.enum(["worst-days", "heat-wave", "cloud-front"]),
    /** Share of days kept in (0, 1] (worst-days), load increase (heat-wave) or solar lost in (0, 1] (cloud-front). */
    severities: z.array(z.number().finite().positive()).min(1),
    /** First hour of each day changed, inclusive (heat-wave 12, cloud-front 10). */
    startHour: z.number().finite().min(0).max(24).optional(),
    /** Last hour of each day changed, exclusive (heat-wave 22, cloud-front 16). */
    endHour: z.number().finite().min(0).max(24).optional(),
  })
  .strict();
export type WeatherPerturbation = z.output<typeof weatherPerturbationSchema>;

/** The cases of a weather perturbation, one per severity; throws naming a severity out of range. */
export function weatherCases(perturbation: WeatherPerturbation): StressCase[] {
  return perturbation.severities.map((severity, index) => {
    if (perturbation.kind !== "heat-wave" && severity > 1) {
      throw new Error(`weather.severities[${index}]: ${severity}; ${perturbation.kind} takes a fraction in (0, 1]`);
    }
    const unit = perturbation.kind === "worst-days" ? "share of days" : perturbation.kind === "heat-wave" ? "load increase" : "solar lost";
    return {
      family: "weather",
      kind: perturbation.kind,
      severity,
      severityUnit: unit,
      stochastic: false,
      episodes: (context: CaseContext) =>
        perturbation.kind === "worst-days"
          ? { profiles: context.profiles, startSteps: worstDays(context, severity) }
          : { profiles: reshapeWeather(context, perturbation, severity), startSteps: context.startSteps },
    };
  });
}

/** The episode starts of the share `keep` of test days with the highest uncontrolled peak, highest first. */
export function worstDays(context: CaseContext, keep: number): Int32Array {
  const { profiles, startSteps } = context;
  const episodeSteps = parseGridConfig(context.config).episodeSteps;
  const peaks = Array.from(startSteps, (start) => {
    let peakKw = Number.NEGATIVE_INFINITY;
    for (let t = start; t < Math.min(start + episodeSteps, profiles.baseLoadKw.length); t++) peakKw = Math.max(peakKw, profiles.baseLoadKw[t] - profiles.solarKw[t]);
    return { start, peakKw };
  });
  peaks.sort((a, b) => b.peakKw - a.peakKw || a.start - b.start);
  const count = Math.max(1, Math.round(keep * peaks.length));
  return Int32Array.from(peaks.slice(0, count), (day) => day.start);
}

/** A copy of the table with a heat wave or a cloud front on every test day. */
function reshapeWeather(context: CaseContext, perturbation: WeatherPerturbation, severity: number): ProfileTable {
  const { profiles, startSteps } = context;
  const heat = perturbation.kind === "heat-wave";
  const startHour = perturbation.startHour ?? (heat ? 12 : 10);
  const endHour = perturbation.endHour ?? (heat ? 22 : 16);
  const factor = heat ? 1 + severity : 1 - severity;
  const episodeSteps = parseGridConfig(context.config).episodeSteps;
  const changed = new Uint8Array(profiles.baseLoadKw.length);
  for (const start of startSteps) {
    for (let t = start; t < Math.min(start + episodeSteps, changed.length); t++) {
      const hour = profiles.hourOfDay[t];
      if (hour >= startHour && hour < endHour) changed[t] = 1;
    }
  }
  const scale = (series: Float64Array): Float64Array => series.map((value, t) => (changed[t] === 1 ? value * factor : value));
  const consumers = profiles.consumers?.map(
    (consumer): ConsumerProfile =>
      heat ? { ...consumer, loadKw: scale(consumer.loadKw) } : { ...consumer, ...(consumer.solarKw ? { solarKw: scale(consumer.solarKw) } : {}) },
  );
  const baseLoadKw = heat ? scale(profiles.baseLoadKw) : profiles.baseLoadKw;
  const solarKw = heat ? profiles.solarKw : scale(profiles.solarKw);
  return {
    ...profiles,
    baseLoadKw,
    solarKw,
    ...(consumers ? { consumers } : {}),
    features: computeFeatures(profiles.hourOfDay, baseLoadKw, solarKw, profiles.dayAheadPriceUsdPerKwh),
    source: `${profiles.source} with a ${perturbation.kind} of ${severity} in ${startHour}-${endHour} h on the test days`,
  };
}
