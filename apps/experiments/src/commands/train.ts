import { readFileSync } from "node:fs";
import { getAlgorithm, listAlgorithms, selectBackend, type TrainingProgress, trainOnScenario, type ViolationPriceOptions } from "@grid/algos";
import { parseGridConfig } from "@grid/env";
import { type Command, UsageError } from "../command.js";
import { DATASET_READ_OPTIONS, DATASET_READ_USAGE, scenarioFromCommandLine } from "./data.js";

/** A JSON object from `--config`: inline JSON or a path to a JSON file. */
function readJsonOption(text: string, option: string): Record<string, unknown> {
  let source = text;
  if (!text.trimStart().startsWith("{")) {
    try {
      source = readFileSync(text, "utf8");
    } catch (error) {
      throw new UsageError(`${option}: ${text} is neither a JSON object nor a readable file (${(error as Error).message})`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new UsageError(`${option}: not valid JSON (${(error as Error).message})`);
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

export const trainCommand: Command = {
  name: "train",
  summary: "Train a learning algorithm (ac-ctde, ippo, mappo, maddpg) on a scenario's training days",
  usage: `grid train --algo <name> [--scenario <name>] [--seed N] [--steps N] [--time S] [--out <dir>] [options]

  --algo <name>          algorithm: ${listAlgorithms()
    .map((definition) => definition.name)
    .join(", ")}
  --scenario <name>      scenario preset (default: seed); training uses its training days, evaluation its test days
  --dataset <path>       a CityLearn dataset folder or a profile CSV as the scenario (its last 20% of days are the test days)
  --seed <n>             seed of initialisation, exploration and the training environment (default 0)
  --steps <n>            env-steps to train (default 200000 unless --time is given)
  --time <seconds>       training time budget, seconds (evaluations excluded)
  --out <dir>            checkpoint directory, written atomically at each evaluation and at the end
  --resume <dir>         continue training from a checkpoint
  --config <json|file>   algorithm configuration fields, e.g. '{"epochs": 4, "numEnvs": 64}'
  --env-config <json|file>    environment fields for training and evaluation alike, over the scenario's, e.g.
                         '{"flexBudgetEnforced": true, "actionLevels": 5}'
  --train-config <json|file>  environment fields for training only, e.g. '{"rewardStructure": "mixed"}'
  --episode-starts <where>    any-step (default) or day-start: training episodes start at any step of the
                         training days, or at midnight like the evaluation's
  --violation-price <json|file>  a Lagrange multiplier on the feeder's limits in training: the price per violating
                         step follows the training episodes' violations, e.g. '{"learningRateUsd": 0.05}'
                         (fields: learningRateUsd, targetStepsPerDay, initialUsd, maxUsd)
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
    config: { type: "string" },
    "env-config": { type: "string" },
    "train-config": { type: "string" },
    "episode-starts": { type: "string", default: "any-step" },
    "violation-price": { type: "string" },
    "eval-every": { type: "string", default: "50000" },
    backend: { type: "string" },
    json: { type: "boolean", default: false },
    dataset: { type: "string" },
    ...DATASET_READ_OPTIONS,
  },
  async run(values) {
    const name = values.algo as string | undefined;
    if (name === undefined && values.resume === undefined) throw new UsageError("--algo is required (or --resume <checkpoint>)");
    if (name !== undefined) {
      try {
        getAlgorithm(name);
      } catch (error) {
        throw new UsageError(`--algo: ${(error as Error).message}`);
      }
    }
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed: "${values.seed}" is not a whole number`);
    const timeBudgetSeconds = positiveNumber(values.time, "--time");
    const maxEnvSteps = positiveNumber(values.steps, "--steps") ?? (timeBudgetSeconds === undefined ? 200_000 : undefined);
    const evaluateEveryEnvSteps = positiveNumber(values["eval-every"], "--eval-every");
    const baseScenario = scenarioFromCommandLine(values);
    const envOverrides = values["env-config"] === undefined ? {} : readJsonOption(String(values["env-config"]), "--env-config");
    const scenario = { ...baseScenario, config: { ...baseScenario.config, ...envOverrides } };
    try {
      parseGridConfig(scenario.config, "--env-config");
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const episodeStarts = values["episode-starts"];
    if (episodeStarts !== "any-step" && episodeStarts !== "day-start") {
      throw new UsageError(`--episode-starts: "${episodeStarts}"; expected any-step or day-start`);
    }
    const backend = await selectBackend((values.backend as string | undefined) ?? process.env.GRID_BACKEND);
    const interactive = process.stderr.isTTY === true && !values.json;
    console.error(`grid train: ${name ?? "resume"} on ${scenario.name}, seed ${seed}, backend ${backend}`);
    let lastEvaluation: TrainingProgress["evaluation"];
    let lastPrinted = 0;
    const result = trainOnScenario({
      algorithm: name ?? "",
      scenario,
      seed,
      maxEnvSteps,
      timeBudgetSeconds,
      config: values.config === undefined ? {} : readJsonOption(String(values.config), "--config"),
      trainingEnvConfig: values["train-config"] === undefined ? undefined : readJsonOption(String(values["train-config"]), "--train-config"),
      evaluateEveryEnvSteps,
      episodeStarts,
      ...(values["violation-price"] === undefined
        ? {}
        : { violationPrice: readJsonOption(String(values["violation-price"]), "--violation-price") as unknown as ViolationPriceOptions }),
      outDirectory: values.out as string | undefined,
      resumeFrom: values.resume as string | undefined,
      onProgress: (progress) => {
        if (progress.evaluation) lastEvaluation = progress.evaluation;
        const line = progressLine(progress, maxEnvSteps, timeBudgetSeconds, lastEvaluation);
        if (interactive) process.stderr.write(`\r${line}\u001b[K`);
        else if (progress.evaluation || progress.elapsedSeconds - lastPrinted >= 10) {
          lastPrinted = progress.elapsedSeconds;
          console.error(line);
        }
      },
    });
    if (interactive) process.stderr.write("\n");
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
      peakImportKw: aggregate.peakImportKw,
      flexUsedKwh: aggregate.flexUsedKwh,
      checkpoint: values.out,
    };
    result.trainer.dispose();
    if (values.json) {
      console.log(JSON.stringify(summary));
      return 0;
    }
    console.log(`${summary.algorithm} on ${scenario.name} (seed ${seed}, backend ${summary.backend}): ${summary.envSteps} env-steps in ${summary.trainingSeconds.toFixed(1)} s (${Math.round(summary.envStepsPerSecond)} env-steps/s)`);
    console.log(`  test days ${scenario.testDays.first}-${scenario.testDays.last}, greedy policy, per day:`);
    console.log(`  energyCostUsd            ${summary.energyCostUsd.toFixed(3)}`);
    console.log(`  systemCostUsd            ${summary.systemCostUsd.toFixed(3)}`);
    console.log(`  violatingSteps           ${summary.violatingSteps.toFixed(3)}`);
    console.log(`  peakImportKw             ${summary.peakImportKw.toFixed(3)}`);
    console.log(`  flexUsedKwh              ${summary.flexUsedKwh.map((value) => value.toFixed(3)).join("  ")}`);
    if (values.out) console.log(`  checkpoint written to ${values.out}`);
    return 0;
  },
};
