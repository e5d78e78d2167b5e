import { dayStartSteps, getScenario, startStepsInDays } from "@grid/env";
import { describe, expect, it } from "vitest";
import { trainingStartSteps } from "./train.js";

describe("trainingStartSteps", () => {
  const scenario = getScenario("seed");
  const profiles = scenario.loadProfiles();

  it("starts day-start episodes at the first step of each training day, as evaluation episodes start", () => {
    const starts = trainingStartSteps(scenario, "day-start", 96, profiles);
    const days = dayStartSteps(profiles, scenario.trainDays);
    expect(Array.from(starts)).toEqual(Array.from(days));
    expect(starts.length).toBe(scenario.trainDays.last - scenario.trainDays.first + 1);
    for (const step of starts) expect(profiles.hourOfDay[step]).toBe(0);
    const testStarts = dayStartSteps(profiles, scenario.testDays);
    for (const step of starts) expect(Array.from(testStarts)).not.toContain(step);
  });

  it("starts any-step episodes anywhere an episode fits in the training days, and drops days an episode overruns", () => {
    expect(Array.from(trainingStartSteps(scenario, "any-step", 96, profiles))).toEqual(Array.from(startStepsInDays(profiles, scenario.trainDays, 96)));
    const twoDays = trainingStartSteps(scenario, "day-start", 192, profiles);
    expect(twoDays.length).toBe(scenario.trainDays.last - scenario.trainDays.first);
  });
});
