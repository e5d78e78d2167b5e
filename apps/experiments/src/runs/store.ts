import { writeFileAtomic } from "@grid/profiles";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TrainingDiagnostics, TrainingRecipe } from "@grid/algos";
import type { StressMeasurement } from "@grid/robustness";
import type { DayTraces } from "./day-trace.js";
import type { RunSpec } from "./expand.js";

/** What a finished run records (one JSON file per run). */
export interface RunResult {
  spec: RunSpec;
  /** TensorFlow.js backend the run trained on (`wasm`, `cpu`, `tensorflow`), or `none` for baselines. */
  backend: string;
  /** Aggregated evaluation metrics on the scenario's test days (the evaluation protocol's names). */
  metrics: Record<string, number>;
  /** Per-consumer outcomes: bills ($/day), flexibility used (kWh/day), rewards. */
  consumers?: { billUsd: number[]; flexUsedKwh: number[] };
  /** Mean episode reward of each agent on the test days (consumers, producer, operator), under the run's reward structure. */
  agentRewards?: number[];
  /**
   * The learner's evaluations during training: cost and violating steps per test day, the training episodes' mean
   * return, (with a Lagrange multiplier on violations) the training price per violating step then, and CleanRL's
   * diagnostics of the iteration before it (`losses/value_loss`, ..., `charts/SPS`: `DIAGNOSTIC_NAMES` in @grid/algos).
   */
  learningCurve?: {
    envSteps: number;
    energyCostUsd: number;
    systemCostUsd: number;
    violatingSteps?: number;
    episodeReturn: number;
    violationPriceUsd?: number;
    diagnostics?: TrainingDiagnostics;
  }[];
  /**
   * With the study's `stress`: the policy's figures per day under every case of the suite, per evaluation seed
   * (`measureStress` of @grid/robustness, one policy seed: this run's), the nominal row first.
   */
  stress?: StressMeasurement;
  /** The first test days step by step, for the report's day viewer (see `day-trace.ts`). */
  days?: DayTraces;
  /** Learning runs: the recipe trained with (resolved: derived, raw or written out, with the study's overrides). */
  recipe?: TrainingRecipe;
  /** Learning runs: env-steps trained. */
  trainEnvSteps?: number;
  /** Wall time of the run, seconds, and its training throughput. */
  wallSeconds: number;
  trainEnvStepsPerSecond?: number;
  finishedAt: string;
  /** The queue worker that ran it (`<host>/<pid>`); absent when the local pool ran it. */
  worker?: string;
  /** Where its checkpoint was written, when checkpoints were asked for. */
  checkpoint?: string;
}

/** What a run that failed on every attempt records (`failures/<id>.json`), until a later attempt succeeds. */
export interface RunFailure {
  id: string;
  /** The last attempt's error message and stack. */
  message: string;
  stack?: string;
  /** Attempts made (1 + the retries). */
  attempts: number;
  /** The queue worker of the last attempt (`<host>/<pid>`); absent for the local pool. */
  worker?: string;
  failedAt: string;
}

/** Indented JSON with arrays of numbers on one line (a run's learning curve and recorded days stay compact). */
export function compactJson(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/\[(\s*-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*\s*)\]/g, (_match, inner: string) => `[${inner.replace(/\s+/g, "")}]`);
}

/** The folder of a study's results: `runs/`, `failures/` and the report files. */
export class ResultStore {
  readonly runsDirectory: string;
  readonly failuresDirectory: string;

  constructor(readonly directory: string) {
    this.runsDirectory = join(directory, "runs");
    this.failuresDirectory = join(directory, "failures");
    mkdirSync(this.runsDirectory, { recursive: true });
  }

  path(id: string): string {
    return join(this.runsDirectory, `${id}.json`);
  }

  /** Persists a finished run, atomically, the moment it ends, and clears an earlier attempt's failure record. */
  save(result: RunResult): void {
    writeFileAtomic(this.path(result.spec.id), `${compactJson(result)}\n`);
    rmSync(this.failurePath(result.spec.id), { force: true });
  }

  failurePath(id: string): string {
    return join(this.failuresDirectory, `${id}.json`);
  }

  /** Records a run that failed on every attempt, with its error and stack (running the study again retries it). */
  saveFailure(failure: RunFailure): void {
    mkdirSync(this.failuresDirectory, { recursive: true });
    writeFileAtomic(this.failurePath(failure.id), `${JSON.stringify(failure, null, 1)}\n`);
  }

  /** Every run whose last attempt failed and has not succeeded since (for the report and `grid report`). */
  failures(): RunFailure[] {
    if (!existsSync(this.failuresDirectory)) return [];
    return readdirSync(this.failuresDirectory)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => JSON.parse(readFileSync(join(this.failuresDirectory, name), "utf8")) as RunFailure);
  }

  /** Whether a run finished (its file exists and parses). */
  has(id: string): boolean {
    const path = this.path(id);
    if (!existsSync(path)) return false;
    try {
      JSON.parse(readFileSync(path, "utf8"));
      return true;
    } catch {
      return false;
    }
  }

  /** Every finished run. */
  load(): RunResult[] {
    return readdirSync(this.runsDirectory)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => JSON.parse(readFileSync(join(this.runsDirectory, name), "utf8")) as RunResult);
  }
}

/**
 * The results folder to use for a study: the newest `results/<study>/<timestamp>` whose `plan.json` has the same
 * runs (an interrupted study resumes there), unless `fresh`; otherwise a new timestamped folder.
 */
export function studyDirectory(root: string, study: string, planKey: string, fresh: boolean): { directory: string; resumed: boolean } {
  const studyRoot = join(root, study);
  if (!fresh && existsSync(studyRoot)) {
    const candidates = readdirSync(studyRoot).sort().reverse();
    for (const name of candidates) {
      const planPath = join(studyRoot, name, "plan.json");
      if (!existsSync(planPath)) continue;
      try {
        if ((JSON.parse(readFileSync(planPath, "utf8")) as { key?: string }).key === planKey) {
          return { directory: join(studyRoot, name), resumed: true };
        }
      } catch {
        // an unreadable plan is not ours to resume
      }
    }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace(/Z$/, "Z");
  return { directory: join(studyRoot, stamp), resumed: false };
}

/**
 * A study's results in a folder of one's choosing (`grid run --into`, e.g. `benchmarks/studies/<study>` to commit the
 * runs): resumed when its `plan.json` has the same runs, or when `extendsStoredPlan` says this study extends the plan
 * kept there (more seeds, scenarios, settings or policies, every planned run unchanged), started when it has none; a
 * folder holding another plan is refused (its runs are never mixed with this one's).
 */
export function chosenStudyDirectory(
  directory: string,
  planKey: string,
  extendsStoredPlan: (plan: unknown) => boolean = () => false,
): { directory: string; resumed: boolean } {
  const planPath = join(directory, "plan.json");
  if (!existsSync(planPath)) return { directory, resumed: false };
  let plan: { key?: string };
  try {
    plan = JSON.parse(readFileSync(planPath, "utf8")) as { key?: string };
  } catch (error) {
    throw new Error(`${planPath}: not valid JSON (${(error as Error).message}); expected the plan grid run wrote`);
  }
  if (plan.key !== planKey && !extendsStoredPlan(plan)) {
    throw new Error(
      `${planPath}: the folder holds another plan (key ${plan.key}, this study's is ${planKey}: other runs, seeds or settings, or a recipe derived by other rules of recipeFor, and not an extension of it, which keeps every planned run unchanged and adds seeds, scenarios, settings or policies); choose another folder or run the same study and options`,
    );
  }
  return { directory, resumed: true };
}
