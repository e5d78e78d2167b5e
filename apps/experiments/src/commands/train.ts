import {
  createWarmStartExpert,
  getAlgorithm,
  listAlgorithms,
  mergeRecipe,
  parseTrainingRecipe,
  RAW_RECIPE,
  recipeFor,
  selectBackend,
  type TrainingProgress,
  type TrainingRecipe,
  trainingRecipeOverridesSchema,
  trainOnScenario,
} from "@grid/algos";
import { ConfigError, type Scenario, zodProblems } from "@grid/env";
import { alias, flag, jsonObject, numeric, type OptionValues, text } from "../cli/option-table.js";
import { readJsonOption } from "../cli/json-option.js";
import { defineCommand, UsageError } from "../command.js";
import { progressBar } from "../runs/progress.js";
import { ENV_CONFIG_OPTION, SCENARIO_OPTIONS, scenarioFromCommandLine, withEnvConfig } from "./scenario-options.js";

/** One progress line: bar, steps, speed, mean reward, and the last evaluation. */
function progressLine(progress: TrainingProgress, totalSteps: number | undefined, budgetSeconds: number | undefined, last?: TrainingProgress["evaluation"]): string {
  const fraction = Math.min(
    1,
    Math.max(totalSteps ? progress.envSteps / totalSteps : 0, budgetSeconds ? progress.elapsedSeconds / budgetSeconds : 0),
  );
  const evaluation = last
    ? `  test days: energy ${last.energyCostUsd.toFixed(2)} $/day, system ${last.systemCostUsd.toFixed(2)} $/day, ${last.violatingSteps.toFixed(2)} violating steps/day`
    : "";
  const price = progress.violationPriceUsd === undefined ? "" : `  price ${progress.violationPriceUsd.toFixed(3)} $/violating step`;
  return `${progressBar(fraction)} ${progress.envSteps} steps  ${Math.round(progress.envStepsPerSecond)} env-steps/s  reward ${progress.meanReward.toFixed(4)}${price}${evaluation}`;
}

/**
 * The recipe `grid train` trains with: `derived` (the default: `recipeFor` on the scenario), `none` (the algorithm's
 * raw defaults) or one written out (inline JSON or a JSON/YAML file); then `--recipe-overrides` and `--config` over it.
 */
export function commandLineRecipe(
  values: Pick<TrainValues, "recipe" | "recipeOverrides" | "algoConfig">,
  scenario: Scenario,
  algorithm: string,
): { recipe: TrainingRecipe; reasons: string[] } {
  const choice = values.recipe;
  const derived = choice === "derived" ? recipeFor(scenario, algorithm) : undefined;
  const base = derived?.recipe ?? (choice === "none" ? RAW_RECIPE : asUsage(() => parseTrainingRecipe(readJsonOption(choice, "--recipe"), "--recipe")));
  const reasons = derived?.reasons ?? [choice === "none" ? "the algorithm's raw defaults (--recipe none)" : `the recipe in ${choice}`];
  const overrides = values.recipeOverrides === undefined ? {} : asUsage(() => parseOverrides(values.recipeOverrides));
  const config = values.algoConfig ?? {};
  const recipe = asUsage(() => mergeRecipe(base, { ...overrides, config: { ...overrides.config, ...config } }, "--recipe-overrides"));
  return { recipe, reasons };
}

function parseOverrides(input: unknown) {
  const result = trainingRecipeOverridesSchema.safeParse(input);
  if (!result.success) throw new ConfigError(zodProblems(result.error, "--recipe-overrides"), "--recipe-overrides");
  return result.data;
}

/** Runs `parse`, turning a configuration error into a usage error (printed without a stack). */
function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) throw new UsageError(error.message);
    throw error;
  }
}

const TRAIN_OPTIONS = {
  algo: text("--algo <name>", `algorithm: ${listAlgorithms().map((definition) => definition.name).join(", ")}`),
  ...SCENARIO_OPTIONS,
  recipe: text(
    "--recipe <how>",
    "how to train: derived (from the scenario's training days, see --show-recipe), none (the algorithm's raw defaults), " +
      "or a recipe as inline JSON or a JSON/YAML file (fields: config, actionLevels, actionLevelExponent, trainingEnv, " +
      "episodeStarts, rewardWeightsLater, violationPrice, warmStart, trainSteps, maxTrainSeconds)",
    "derived",
  ),
  recipeOverrides: jsonObject(
    "--recipe-overrides <json|file>",
    `recipe fields over it (config, trainingEnv and its rewardWeights merge field by field; null removes a field), e.g. '{"violationPrice": {"learningRateUsd": 0.05}}' or '{"warmStart": null}'`,
  ),
  algoConfig: jsonObject("--algo-config <json|file>", `algorithm configuration fields over the recipe's, e.g. '{"epochs": 4, "numEnvs": 64}'`),
  showRecipe: flag("--show-recipe", "print the recipe and why each field is what it is, then exit"),
  seed: numeric("--seed <n>", "seed of initialisation, exploration and the training environment", { whole: true, atLeast: 0 }, 0),
  steps: numeric("--steps <n>", "env-steps to train (default: the recipe's, else 200000, unless --time is given)", { whole: true, atLeast: 1, unit: "env-steps" }),
  time: numeric("--time <seconds>", "training time budget, evaluations excluded; with --steps, whichever ends first", { whole: false, above: 0, unit: "seconds" }),
  out: text("--out <dir>", "checkpoint directory (with the recipe), written atomically at each evaluation and at the end"),
  resume: text("--resume <dir>", "continue training from a checkpoint (its algorithm and recipe)"),
  envConfig: ENV_CONFIG_OPTION,
  evalEvery: numeric("--eval-every <n>", "evaluate on the test days every n env-steps", { whole: true, atLeast: 1, unit: "env-steps" }, 50_000),
  backend: text("--backend <name>", "auto, tensorflow-gpu, tensorflow, wasm or cpu (default: GRID_BACKEND or auto)"),
  json: flag("--json", "print the final result as one JSON object"),
};
type TrainValues = OptionValues<typeof TRAIN_OPTIONS>;

export const trainCommand = defineCommand({
  name: "train",
  summary: "Train a learning algorithm (ac-ctde, ippo, mappo, maddpg) on a scenario's training days",
  options: { ...TRAIN_OPTIONS, config: alias("--config <json|file>", "algoConfig", TRAIN_OPTIONS.algoConfig) },
  async run(values) {
    const name = values.algo;
    if (name === undefined && values.resume === undefined) throw new UsageError("--algo is required (or --resume <checkpoint>)");
    if (name !== undefined) asUsage(() => getAlgorithm(name));
    const seed = values.seed;
    const scenario = withEnvConfig(scenarioFromCommandLine(values), values.envConfig);
    const { recipe, reasons } = name === undefined ? { recipe: undefined, reasons: [] } : commandLineRecipe(values, scenario, name);
    if (values.showRecipe) {
      console.log(JSON.stringify(recipe, null, 2));
      for (const reason of reasons) console.log(`  ${reason}`);
      return 0;
    }
    const timeBudgetSeconds = values.time;
    const maxEnvSteps = values.steps ?? (timeBudgetSeconds === undefined && !recipe?.trainSteps && !values.resume ? 200_000 : undefined);
    const evaluateEveryEnvSteps = values.evalEvery;
    const backend = await selectBackend(values.backend ?? process.env.GRID_BACKEND);
    const interactive = process.stderr.isTTY === true && !values.json;
    console.error(`grid train: ${name ?? "resume"} on ${scenario.name}, seed ${seed}, backend ${backend}`);
    for (const reason of reasons) console.error(`  recipe: ${reason}`);
    let lastEvaluation: TrainingProgress["evaluation"];
    let lastPrinted = 0;
    const totalSteps = maxEnvSteps ?? (timeBudgetSeconds === undefined ? recipe?.trainSteps : undefined);
    const result = trainOnScenario({
      algorithm: name ?? "",
      scenario,
      seed,
      maxEnvSteps,
      timeBudgetSeconds,
      recipe,
      expert: recipe?.warmStart ? await createWarmStartExpert(recipe) : undefined,
      evaluateEveryEnvSteps,
      outDirectory: values.out,
      resumeFrom: values.resume,
      onProgress: (progress) => {
        if (progress.evaluation) lastEvaluation = progress.evaluation;
        const line = progressLine(progress, totalSteps, timeBudgetSeconds, lastEvaluation);
        if (interactive) process.stderr.write(`\r${line}\u001b[K`);
        else if (progress.evaluation || progress.elapsedSeconds - lastPrinted >= 10) {
          lastPrinted = progress.elapsedSeconds;
          console.error(line);
        }
      },
    });
    if (interactive) process.stderr.write("\n");
    printTrainResult(result, scenario, seed, values);
    return 0;
  },
});

/** The final result of `grid train`: a JSON object, or a few readable lines. */
function printTrainResult(result: ReturnType<typeof trainOnScenario>, scenario: Scenario, seed: number, values: Pick<TrainValues, "json" | "out">): void {
  const aggregate = result.evaluation.aggregate;
  const summary = {
    algorithm: result.trainer.algorithm,
    scenario: scenario.name,
    seed,
    backend: result.backend,
    envSteps: result.trainer.envSteps,
    trainingSeconds: result.trainingSeconds,
    envStepsPerSecond: result.envStepsPerSecond,
    timingMs: result.timing,
    energyCostUsd: aggregate.energyCostUsd,
    systemCostUsd: aggregate.systemCostUsd,
    violatingSteps: aggregate.violatingSteps,
    comfortOverflowKwh: aggregate.comfortOverflowKwh.reduce((total, value) => total + value, 0),
    peakImportKw: aggregate.peakImportKw,
    flexUsedKwh: aggregate.flexUsedKwh,
    recipe: result.recipe,
    checkpoint: values.out,
  };
  result.trainer.dispose();
  if (values.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  console.log(`${summary.algorithm} on ${scenario.name} (seed ${seed}, backend ${summary.backend}): ${summary.envSteps} env-steps in ${summary.trainingSeconds.toFixed(1)} s (${Math.round(summary.envStepsPerSecond)} env-steps/s)`);
  console.log(`  test days ${scenario.testDays.first}-${scenario.testDays.last}, greedy policy, per day:`);
  console.log(`  energyCostUsd            ${summary.energyCostUsd.toFixed(3)}`);
  console.log(`  systemCostUsd            ${summary.systemCostUsd.toFixed(3)}`);
  console.log(`  violatingSteps           ${summary.violatingSteps.toFixed(3)}`);
  console.log(`  comfortOverflowKwh       ${summary.comfortOverflowKwh.toFixed(3)}`);
  console.log(`  peakImportKw             ${summary.peakImportKw.toFixed(3)}`);
  console.log(`  flexUsedKwh              ${summary.flexUsedKwh.map((value) => value.toFixed(3)).join("  ")}`);
  if (values.out) console.log(`  checkpoint written to ${values.out}`);
}
