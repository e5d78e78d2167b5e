import { readFileSync } from "node:fs";
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
import { ConfigError, parseGridConfig, type Scenario, zodProblems } from "@grid/env";
import { parse as parseYaml } from "yaml";
import { comparisonConfig } from "../runs/scenario.js";
import { type Command, UsageError } from "../command.js";
import { DATASET_READ_OPTIONS, DATASET_READ_USAGE, scenarioFromCommandLine } from "./data.js";

/** An object from an option: inline JSON, or a path to a JSON or YAML file. */
function readJsonOption(text: string, option: string): Record<string, unknown> {
  let source = text;
  const inline = text.trimStart().startsWith("{");
  if (!inline) {
    try {
      source = readFileSync(text, "utf8");
    } catch (error) {
      throw new UsageError(`${option}: ${text} is neither a JSON object nor a readable file (${(error as Error).message})`);
    }
  }
  const yaml = !inline && /\.ya?ml$/i.test(text);
  let value: unknown;
  try {
    value = yaml ? parseYaml(source) : JSON.parse(source);
  } catch (error) {
    throw new UsageError(`${option}: not valid ${yaml ? "YAML" : "JSON"} (${(error as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`${option}: expected a JSON object, e.g. '{"epochs": 4}'`);
  return value as Record<string, unknown>;
}

function positiveNumber(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`${option}: "${value}" is not a positive number`);
  return number;
}

/** One progress line: bar, steps, speed, mean reward, and the last evaluation. */
function progressLine(progress: TrainingProgress, totalSteps: number | undefined, budgetSeconds: number | undefined, last?: TrainingProgress["evaluation"]): string {
  const fraction = Math.min(
    1,
    Math.max(totalSteps ? progress.envSteps / totalSteps : 0, budgetSeconds ? progress.elapsedSeconds / budgetSeconds : 0),
  );
  const width = 24;
  const filled = Math.round(fraction * width);
  const evaluation = last
    ? `  test days: energy ${last.energyCostUsd.toFixed(2)} $/day, system ${last.systemCostUsd.toFixed(2)} $/day, ${last.violatingSteps.toFixed(2)} violating steps/day`
    : "";
  const price = progress.violationPriceUsd === undefined ? "" : `  price ${progress.violationPriceUsd.toFixed(3)} $/violating step`;
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${progress.envSteps} steps  ${Math.round(progress.envStepsPerSecond)} env-steps/s  reward ${progress.meanReward.toFixed(4)}${price}${evaluation}`;
}

/**
 * The recipe `grid train` trains with: `derived` (the default: `recipeFor` on the scenario), `none` (the algorithm's
 * raw defaults) or one written out (inline JSON or a JSON/YAML file); then `--recipe-overrides` and `--config` over it.
 */
export function commandLineRecipe(values: Record<string, unknown>, scenario: Scenario, algorithm: string): { recipe: TrainingRecipe; reasons: string[] } {
  const choice = String(values.recipe ?? "derived");
  const derived = choice === "derived" ? recipeFor(scenario, algorithm) : undefined;
  const base = derived?.recipe ?? (choice === "none" ? RAW_RECIPE : asUsage(() => parseTrainingRecipe(readJsonOption(choice, "--recipe"), "--recipe")));
  const reasons = derived?.reasons ?? [choice === "none" ? "the algorithm's raw defaults (--recipe none)" : `the recipe in ${choice}`];
  const overrides = values["recipe-overrides"] === undefined ? {} : asUsage(() => parseOverrides(readJsonOption(String(values["recipe-overrides"]), "--recipe-overrides")));
  const config = values.config === undefined ? {} : readJsonOption(String(values.config), "--config");
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

export const trainCommand: Command = {
  name: "train",
  summary: "Train a learning algorithm (ac-ctde, ippo, mappo, maddpg) on a scenario's training days",
  usage: `grid train --algo <name> [--scenario <name> | --dataset <path>] [--seed N] [--steps N] [--time S] [--out <dir>] [options]

  --algo <name>          algorithm: ${listAlgorithms()
    .map((definition) => definition.name)
    .join(", ")}
  --scenario <name>      scenario preset (default: seed); training uses its training days, evaluation its test days
  --dataset <path>       a CityLearn dataset folder or a profile CSV as the scenario (its last 20% of days are the test days)
  --recipe <how>         how to train: derived (default: derived from the scenario's training days, see --show-recipe),
                         none (the algorithm's raw defaults), or a recipe as inline JSON or a JSON/YAML file
                         (fields: config, actionLevels, actionLevelExponent, trainingEnv, episodeStarts,
                         rewardWeightsLater, violationPrice, warmStart, trainSteps, maxTrainSeconds)
  --recipe-overrides <json|file>  recipe fields over it (config, trainingEnv and its rewardWeights merge field by field),
                         e.g. '{"violationPrice": {"learningRateUsd": 0.05}}'
  --config <json|file>   algorithm configuration fields over the recipe's, e.g. '{"epochs": 4, "numEnvs": 64}'
  --show-recipe          print the recipe and why each field is what it is, then exit
  --seed <n>             seed of initialisation, exploration and the training environment (default 0)
  --steps <n>            env-steps to train (default: the recipe's, else 200000, unless --time is given)
  --time <seconds>       training time budget, seconds (evaluations excluded); with --steps, whichever ends first
  --out <dir>            checkpoint directory (with the recipe), written atomically at each evaluation and at the end
  --resume <dir>         continue training from a checkpoint (its algorithm and recipe)
  --env-config <json|file>    environment fields for training and evaluation alike, over the scenario's; the
                         flexibility budget is a hard limit unless this says '{"flexBudgetEnforced": false}'
  --eval-every <n>       evaluate on the test days every n env-steps (default: 50000)
  --backend <name>       auto, tensorflow-gpu, tensorflow, wasm or cpu (default: GRID_BACKEND or auto)
  --json                 print the final result as one JSON object
${DATASET_READ_USAGE}`,
  options: {
    algo: { type: "string" },
    scenario: { type: "string" },
    seed: { type: "string", default: "0" },
    steps: { type: "string" },
    time: { type: "string" },
    out: { type: "string" },
    resume: { type: "string" },
    recipe: { type: "string", default: "derived" },
    "recipe-overrides": { type: "string" },
    "show-recipe": { type: "boolean", default: false },
    config: { type: "string" },
    "env-config": { type: "string" },
    "eval-every": { type: "string", default: "50000" },
    backend: { type: "string" },
    json: { type: "boolean", default: false },
    dataset: { type: "string" },
    ...DATASET_READ_OPTIONS,
  },
  async run(values) {
    const name = values.algo as string | undefined;
    if (name === undefined && values.resume === undefined) throw new UsageError("--algo is required (or --resume <checkpoint>)");
    if (name !== undefined) asUsage(() => getAlgorithm(name));
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed: "${values.seed}" is not a whole number`);
    const baseScenario = scenarioFromCommandLine(values);
    const envOverrides = values["env-config"] === undefined ? {} : readJsonOption(String(values["env-config"]), "--env-config");
    const scenario = { ...baseScenario, config: comparisonConfig({ ...baseScenario.config, ...envOverrides }) };
    asUsage(() => parseGridConfig(scenario.config, "--env-config"));
    const { recipe, reasons } = name === undefined ? { recipe: undefined, reasons: [] } : commandLineRecipe(values, scenario, name);
    if (values["show-recipe"]) {
      console.log(JSON.stringify(recipe, null, 2));
      for (const reason of reasons) console.log(`  ${reason}`);
      return 0;
    }
    const timeBudgetSeconds = positiveNumber(values.time, "--time");
    const maxEnvSteps = positiveNumber(values.steps, "--steps") ?? (timeBudgetSeconds === undefined && !recipe?.trainSteps && !values.resume ? 200_000 : undefined);
    const evaluateEveryEnvSteps = positiveNumber(values["eval-every"], "--eval-every");
    const backend = await selectBackend((values.backend as string | undefined) ?? process.env.GRID_BACKEND);
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
      outDirectory: values.out as string | undefined,
      resumeFrom: values.resume as string | undefined,
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
};

/** The final result of `grid train`: a JSON object, or a few readable lines. */
function printTrainResult(result: ReturnType<typeof trainOnScenario>, scenario: Scenario, seed: number, values: Record<string, unknown>): void {
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
