import { getScenario, type Scenario, scaleScenario } from "@grid/env";
import type { ProfileTable } from "@grid/profiles";

/** A run's scenario (scaled to `numConsumers` when the setting asks) and its profile table. */
export function resolveRunScenario(name: string, numConsumers?: number): { scenario: Scenario; profiles: ProfileTable } {
  const preset = getScenario(name);
  const scenario = numConsumers === undefined ? preset : scaleScenario(preset, numConsumers);
  return { scenario, profiles: scenario.loadProfiles() };
}
