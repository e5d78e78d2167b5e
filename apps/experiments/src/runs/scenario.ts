import { type GridConfigInput, getScenario, type Scenario, scaleScenario, scenarioFromDataset } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";
import type { RunSpec } from "./expand.js";

/** Scenarios and their profiles already loaded in this thread (profile tables are never written after loading). */
const loaded = new Map<string, { scenario: Scenario; profiles: ProfileTable }>();

/**
 * What every comparison in this framework runs with unless the configuration says otherwise: the flexibility
 * budget as a hard limit, as the perfect-foresight optimum assumes; otherwise a learner "saves" by curtailing
 * consumers beyond their budget (the article's semantics, kept with `flexBudgetEnforced: false`).
 */
export const COMPARISON_DEFAULTS: GridConfigInput = { flexBudgetEnforced: true };

/** A configuration with {@link COMPARISON_DEFAULTS} under it (what the configuration sets wins). */
export function comparisonConfig(config: GridConfigInput): GridConfigInput {
  return { ...COMPARISON_DEFAULTS, ...config };
}

/**
 * A run's scenario (a preset, or a dataset read as `grid data` reads it; scaled to `numConsumers` when the setting
 * asks) and its profile table, loaded once per worker thread (reading CityLearn's 17 buildings takes seconds; a
 * study runs many runs on one scenario).
 */
export function resolveRunScenario(spec: Pick<RunSpec, "scenario" | "dataset">, numConsumers?: number): { scenario: Scenario; profiles: ProfileTable } {
  const key = `${JSON.stringify(spec.dataset ?? spec.scenario)}/${numConsumers ?? ""}`;
  let entry = loaded.get(key);
  if (!entry) {
    const named = spec.dataset ? scenarioFromDataset(spec.dataset.dataset, { ...spec.dataset, name: spec.scenario }) : getScenario(spec.scenario);
    const scenario = numConsumers === undefined ? named : scaleScenario(named, numConsumers);
    entry = { scenario, profiles: scenario.loadProfiles() };
    loaded.set(key, entry);
  }
  return entry;
}
