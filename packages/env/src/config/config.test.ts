import { readFileSync } from "node:fs";
import { generateSyntheticProfiles } from "@grid/profiles";
import { describe, expect, it } from "vitest";
import { VecGridEnv } from "../vec-env.js";
import { ConfigError } from "./errors.js";
import { GRID_CONFIG_GROUP_NAMES, GRID_CONFIG_GROUPS, type GridConfigInput, type GroupedGridConfigInput, gridConfigSchema, groupGridConfig } from "./grid-config.js";
import { ARTICLE_CONFIG, parseGridConfig, readGridConfigInput } from "./read-config.js";

/** Flat configurations as main wrote them before the concerns (a checkpoint's `envConfig`, a study setting's `env`). */
const OLD = JSON.parse(readFileSync(new URL("./fixtures/flat-configs-2026-12.json", import.meta.url), "utf8")) as Record<string, GridConfigInput>;

/** `OLD.everyConcern` written by concern, by hand. */
const EVERY_CONCERN_GROUPED: GroupedGridConfigInput = {
  physics: { feederCapacityKw: 8, flexKw: [1, 0.9, 0.7], initialSocSpread: 0.2 },
  safety: { feederGuard: true, guardLookaheadHours: 4, guardForecast: "oracle", batteryReserveFraction: 0.1 },
  actions: { actionMode: "discrete", actionLevels: 7, actionLevelExponent: 2 },
  observation: { communication: "broadcast", communicationDelaySteps: 2, forecastNoiseStd: 0.1 },
  reward: { rewardStructure: "difference", differenceSharesViolations: true, rewardWeights: { violationStepUsd: 0.5, storedEnergyUsdPerKwh: 0.09 } },
};

describe("configuration by concern", () => {
  it("declares every field once, in one concern", () => {
    const fields = GRID_CONFIG_GROUP_NAMES.flatMap((group) => Object.keys(GRID_CONFIG_GROUPS[group].shape));
    expect(new Set(fields).size).toBe(fields.length);
    expect(new Set(fields)).toEqual(new Set(Object.keys(gridConfigSchema.shape)));
  });

  it("reads the flat form written before the concerns: each old configuration loads unchanged", () => {
    for (const [name, flat] of Object.entries(OLD)) {
      if (name === "about") continue;
      expect(readGridConfigInput(flat)).toEqual(flat);
      expect(Object.keys(readGridConfigInput(flat))).toEqual(Object.keys(flat));
      expect(parseGridConfig(flat)).toEqual(gridConfigSchema.parse(flat));
    }
  });

  it("parses the grouped form as its flat equivalent, and views a parsed configuration by concern", () => {
    const flat = parseGridConfig(OLD.everyConcern);
    expect(parseGridConfig(EVERY_CONCERN_GROUPED)).toEqual(flat);
    expect(groupGridConfig(flat).safety.guardLookaheadHours).toBe(4);
    expect(parseGridConfig(groupGridConfig(flat))).toEqual(flat);
    expect(parseGridConfig(groupGridConfig(ARTICLE_CONFIG))).toEqual(ARTICLE_CONFIG);
    expect(parseGridConfig({ physics: { feederCapacityKw: 8 }, feederGuard: true })).toEqual(parseGridConfig({ feederCapacityKw: 8, feederGuard: true }));
  });

  it("builds the same environment from either form (an old checkpoint's configuration)", () => {
    const profiles = generateSyntheticProfiles({ days: 2, seed: 3 });
    const old = OLD.guardCheckpointEnvConfig;
    const { rewardStructure, teamCostPrice, rewardWeights, actionLevels, actionLevelExponent, flexBudgetEnforced, ...safety } = old;
    const grouped = { physics: { flexBudgetEnforced }, safety, actions: { actionLevels, actionLevelExponent }, reward: { rewardStructure, teamCostPrice, rewardWeights } };
    const envs = [old, grouped].map((config) => new VecGridEnv({ profiles, config, numEnvs: 2, seed: 5 }));
    for (const env of envs) env.reset();
    const actions = new Int32Array(envs[0].numEnvs * envs[0].numAgents).map((_, i) => (i * 7) % 5);
    for (let step = 0; step < 30; step += 1) {
      for (const env of envs) env.step(actions);
      expect(Array.from(envs[1].rewards)).toEqual(Array.from(envs[0].rewards));
    }
    expect(Array.from(envs[1].observations)).toEqual(Array.from(envs[0].observations));
    expect(envs[0].rewards.some((reward) => reward !== 0)).toBe(true);
  });

  it("names each problem's path as written and what is accepted", () => {
    const problems = (input: unknown) => {
      try {
        parseGridConfig(input, "study.env");
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problems({ physics: { flexKw: [1, -2, 1] } })[0].path).toBe("study.env.physics.flexKw[1]");
    expect(problems({ flexKw: [1, -2, 1] })[0].path).toBe("study.env.flexKw[1]");
    expect(problems({ physics: { feederGuard: true } })).toEqual([{ path: "study.env.physics.feederGuard", message: "feederGuard is a safety field; write it as study.env.safety.feederGuard" }]);
    expect(problems({ safety: { guard: true } })[0]).toEqual({ path: "study.env.safety.guard", message: expect.stringMatching(/^unknown safety field; accepted: feederGuard, /) });
    expect(problems({ physics: { feederCapacityKw: 8 }, feederCapacityKw: 9 })[0]).toEqual({
      path: "study.env.physics.feederCapacityKw",
      message: "also given as study.env.feederCapacityKw; give each field once, flat or in its concern",
    });
    expect(problems({ reward: 3 })[0]).toEqual({ path: "study.env.reward", message: expect.stringMatching(/^expected an object of reward fields \(rewardStructure, /) });
    expect(problems({ feederCapacityKW: 3 })).toEqual([{ path: "study.env", message: 'Unrecognized key: "feederCapacityKW"' }]);
    expect(problems({ safety: { batteryReserveFraction: 0.6, batteryHeadroomFraction: 0.4 } })[0].path).toBe("study.env.safety.batteryHeadroomFraction");
    expect(() => readGridConfigInput({ actions: { actionMode: "discrete" }, actionMode: "continuous" }, "--env-config")).toThrowError(/--env-config\.actions\.actionMode: also given/);
  });
});
