import { getScenario, type Scenario, scaleScenario } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";

/** Scenarios and their profiles already loaded in this thread (profile tables are never written after loading). */
const loaded = new Map<string, { scenario: Scenario; profiles: ProfileTable }>();

/**
 * A run's scenario (scaled to `numConsumers` when the setting asks) and its profile table, loaded once per
 * worker thread (reading CityLearn's 17 buildings takes seconds; a study runs many runs on one scenario).
 */
export function resolveRunScenario(name: string, numConsumers?: number): { scenario: Scenario; profiles: ProfileTable } {
  const key = `${name}/${numConsumers ?? ""}`;
  let entry = loaded.get(key);
  if (!entry) {
    const preset = getScenario(name);
    const scenario = numConsumers === undefined ? preset : scaleScenario(preset, numConsumers);
    entry = { scenario, profiles: scenario.loadProfiles() };
    loaded.set(key, entry);
  }
  return entry;
}
