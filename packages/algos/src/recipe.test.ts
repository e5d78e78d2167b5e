import { cityLearn2022Directory, getScenario, parseGridConfig, scaleScenario } from "@grid/env";
import { describe, expect, it } from "vitest";
import { registerBuiltinAlgorithms } from "./algorithms.js";
import { parseTrainingRecipe, policyEnvConfig, trainingEnvConfig } from "./recipe.js";
import { recipeFor } from "./recipe-for.js";

registerBuiltinAlgorithms();

/** The hand-written recipes the studies trained with before recipes were derived (builtin.ts until then). */
const SEED_RECIPE = {
  config: { gamma: 1, gaeLambda: 0.5, sharing: "role" },
  actionLevels: 5,
  episodeStarts: "day-start",
  trainSteps: 800_000,
  trainingEnv: {
    rewardStructure: "difference",
    teamCostPrice: "day-ahead",
    rewardWeights: { rampUsdPerKw: 0, batteryUseUsdPerKwh: 0, congestionUsdPerKwh: 2, spillUsdPerKwh: 0.5, storedEnergyUsdPerKwh: 0.1, flexBudgetUsdPerKwh: 0.1 },
  },
};

describe("recipeFor", () => {
  it("derives the seed recipe from the seed scenario's training days (potentials at their mean price, 0.092 against 0.10)", () => {
    const { recipe, reasons } = recipeFor(getScenario("seed"), "ippo");
    const { rewardWeights, ...trainingEnv } = SEED_RECIPE.trainingEnv;
    expect(recipe).toMatchObject({ ...SEED_RECIPE, actionLevelExponent: 1, trainingEnv });
    expect(recipe.trainingEnv.rewardWeights).toEqual({ ...rewardWeights, storedEnergyUsdPerKwh: 0.092, flexBudgetUsdPerKwh: 0.092 });
    expect(recipe.trainingEnv.initialSocSpread).toBeUndefined();
    expect(reasons.length).toBeGreaterThanOrEqual(7);
  });

  it.skipIf(cityLearn2022Directory() === undefined)("derives the CityLearn recipe from citylearn-2022's training days", () => {
    const { recipe, facts } = recipeFor(getScenario("citylearn-2022"), "mappo");
    expect(facts.meanDayAheadPriceUsdPerKwh).toBeCloseTo(0.272, 3);
    expect(recipe).toMatchObject({
      config: SEED_RECIPE.config,
      actionLevels: 21,
      actionLevelExponent: 2,
      episodeStarts: "day-start",
      trainSteps: 1_600_000,
      trainingEnv: { rewardStructure: "difference", teamCostPrice: "day-ahead", initialSocSpread: 0.5 },
    });
    expect(recipe.trainingEnv.rewardWeights).toMatchObject({ storedEnergyUsdPerKwh: 0.27, flexBudgetUsdPerKwh: 0.27, congestionUsdPerKwh: 2, spillUsdPerKwh: 0.5 });
  });

  it("grows the budget with the square root of the agents and keeps the smallest battery step within half the headroom", () => {
    const scaled = recipeFor(scaleScenario(getScenario("seed"), 30), "ippo");
    expect(scaled.facts.numAgents).toBe(32);
    expect(scaled.recipe.trainSteps).toBe(Math.round((800_000 * Math.sqrt(32 / 5)) / 100_000) * 100_000);
    // A battery twice as strong as the feeder's median headroom: quadratic levels, the smallest within half of it.
    const strong = { ...getScenario("seed"), config: { batteryMaxKw: 40, batteryCapacityKwh: 120 } };
    const derived = recipeFor(strong, "ippo");
    expect(derived.recipe.actionLevelExponent).toBe(2);
    const smallestKw = 40 * (2 / ((derived.recipe.actionLevels ?? 0) - 1)) ** 2;
    expect(smallestKw).toBeLessThanOrEqual(derived.facts.medianHeadroomKw / 2);
    expect(derived.recipe.trainingEnv.initialSocSpread).toBe(0.5);
  });

  it("warm-starts an eighth of the budget from plans a tenth of the feeder inside its limits, without a price on violations", () => {
    const seed = recipeFor(getScenario("seed"), "ippo").recipe;
    expect(seed.warmStart).toEqual({ share: 0.125, keepWeight: 1, halfLifeEnvSteps: 200_000, limitMarginKw: 0.95 });
    expect(seed.violationPrice).toBeUndefined();
    const thirty = scaleScenario(getScenario("seed"), 30);
    const scaled = recipeFor(thirty, "mappo").recipe;
    expect(scaled.warmStart?.limitMarginKw).toBe(Number((parseGridConfig(thirty.config).feederCapacityKw / 10).toPrecision(2)));
    expect(scaled.warmStart?.halfLifeEnvSteps).toBe(Math.round((scaled.trainSteps ?? 0) / 4));
    expect(() => parseTrainingRecipe({ warmStart: { envSteps: 10, share: 0.5 } })).toThrow(/recipe\.warmStart\.envSteps: give one of envSteps and share/);
    expect(() => parseTrainingRecipe({ warmStart: { keepWeight: 1 } })).toThrow(/give one of envSteps and share/);
  });

  it("keeps ac-ctde and maddpg as published: no training aids, their own budgets", () => {
    expect(recipeFor(getScenario("seed"), "ac-ctde").recipe).toEqual(parseTrainingRecipe({ trainSteps: 28_800 }));
    expect(recipeFor(getScenario("seed"), "maddpg").recipe).toEqual(parseTrainingRecipe({ trainSteps: 60_000 }));
  });
});

describe("training recipes", () => {
  it("puts action levels in the policy's environment and training aids only in the training one", () => {
    const recipe = parseTrainingRecipe({ actionLevels: 7, trainingEnv: { rewardStructure: "team", rewardWeights: { congestionUsdPerKwh: 1 } } });
    const policy = policyEnvConfig({ feederCapacityKw: 8, rewardWeights: { spillUsdPerKwh: 3 } }, "ippo", recipe);
    expect(policy).toEqual({ feederCapacityKw: 8, rewardWeights: { spillUsdPerKwh: 3 }, actionLevels: 7 });
    expect(trainingEnvConfig(policy, recipe.trainingEnv)).toEqual({
      feederCapacityKw: 8,
      actionLevels: 7,
      rewardStructure: "team",
      rewardWeights: { spillUsdPerKwh: 3, congestionUsdPerKwh: 1 },
    });
  });

  it("refuses a physics field in the training environment and names each bad field's path", () => {
    expect(() => parseTrainingRecipe({ trainingEnv: { feederCapacityKw: 20 }, actionLevels: 1 }, "study.algorithms[0].recipe")).toThrow(
      /study\.algorithms\[0\]\.recipe\.actionLevels: [\s\S]*study\.algorithms\[0\]\.recipe\.trainingEnv: Unrecognized key: "feederCapacityKw"/,
    );
  });
});

describe("mergeRecipe", () => {
  it("merges config, training environment and reward weights field by field and replaces the rest", async () => {
    const { mergeRecipe } = await import("./recipe.js");
    const base = recipeFor(getScenario("seed"), "ippo").recipe;
    const merged = mergeRecipe(base, { config: { epochs: 8 }, trainingEnv: { rewardWeights: { congestionUsdPerKwh: 4 } }, actionLevels: 9 });
    expect(merged.config).toEqual({ ...base.config, epochs: 8 });
    expect(merged.trainingEnv).toEqual({ ...base.trainingEnv, rewardWeights: { ...base.trainingEnv.rewardWeights, congestionUsdPerKwh: 4 } });
    expect(merged).toMatchObject({ actionLevels: 9, trainSteps: base.trainSteps, episodeStarts: "day-start" });
  });

  it("removes a field given as null: the derived recipe without its warm start and price is the first rules' recipe", async () => {
    const { mergeRecipe, trainingRecipeOverridesSchema } = await import("./recipe.js");
    const base = recipeFor(getScenario("seed"), "ippo").recipe;
    const overrides = trainingRecipeOverridesSchema.parse({ warmStart: null, violationPrice: null });
    const without = mergeRecipe(base, overrides);
    expect(without.warmStart).toBeUndefined();
    expect(without.violationPrice).toBeUndefined();
    expect(without).toEqual(Object.fromEntries(Object.entries(base).filter(([name]) => name !== "warmStart" && name !== "violationPrice")));
    expect(trainingRecipeOverridesSchema.safeParse({ episodeStarts: null }).success).toBe(false);
    // null is accepted exactly for the recipe's optional fields.
    const { trainingRecipeSchema } = await import("./recipe.js");
    for (const [name, field] of Object.entries(trainingRecipeSchema.shape)) {
      expect([name, trainingRecipeOverridesSchema.safeParse({ [name]: null }).success]).toEqual([name, field.isOptional() && !("defaultValue" in field._def)]);
    }
  });
});

describe("recipeFor and the scenario's own reward", () => {
  it("trains on a reward structure the scenario names (a study's setting) instead of difference rewards", () => {
    const seed = getScenario("seed");
    const { recipe } = recipeFor({ ...seed, config: { ...seed.config, rewardStructure: "team" } }, "ippo");
    expect(recipe.trainingEnv.rewardStructure).toBeUndefined();
    expect(recipe.trainingEnv.teamCostPrice).toBe("day-ahead");
  });
});
