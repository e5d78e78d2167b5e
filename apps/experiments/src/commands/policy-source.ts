import type { DayRange, GridConfigInput, Policy } from "@grid/env";
import { UsageError } from "../command.js";
import { resolvePolicy } from "./evaluate.js";

/** A policy of the command line made afresh for each run, one factory per training seed, and what it is evaluated under. */
export interface PolicySource {
  name: string;
  /** One per checkpoint (training seed), or one for a baseline. */
  factories: (() => Promise<Policy>)[];
  /** The configuration it acts in (a checkpoint's action space over the scenario's). */
  config: GridConfigInput;
  notes: string[];
}

const list = (text: string | undefined) =>
  text
    ?.split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "") ?? [];

/** One policy (a baseline, or one algorithm's checkpoints as its training seeds) as factories, checked once. */
async function sourceOf(
  given: { policy?: string; checkpoints?: string[]; policyOptions?: Record<string, unknown> },
  config: GridConfigInput,
  trainDays?: DayRange,
): Promise<PolicySource> {
  const sources = given.checkpoints?.map((checkpoint) => ({ checkpoint })) ?? [{ policy: given.policy, policyOptions: given.policyOptions }];
  const resolved = [];
  for (const source of sources) {
    const one = await resolvePolicy(source, config, trainDays);
    one.policy.dispose?.();
    resolved.push(one);
  }
  const name = resolved[0].policy.name;
  resolved.forEach((one, index) => {
    if (one.policy.name !== name) {
      throw new UsageError(`--checkpoint: ${given.checkpoints![index]} is ${one.policy.name}, the first is ${name}; give one algorithm's checkpoints (its training seeds)`);
    }
  });
  const factories = sources.map((source) => async () => (await resolvePolicy(source, config, trainDays)).policy);
  return { name, factories, config: resolved[0].config, notes: resolved[0].notes };
}

/**
 * The policies of a command line: `--checkpoint <dir>[,<dir>...]` (one algorithm's checkpoints, each a training seed)
 * and `--policy <baseline>[,<baseline>...]`, resolved as `grid evaluate` resolves them (a checkpoint with its own
 * action space); at least one.
 */
export async function policySources(
  given: { policy?: string; checkpoint?: string; policyOptions?: Record<string, unknown> },
  config: GridConfigInput,
  trainDays?: DayRange,
): Promise<PolicySource[]> {
  const checkpoints = list(given.checkpoint);
  const baselines = list(given.policy);
  if (checkpoints.length === 0 && baselines.length === 0) throw new UsageError("give --policy <baseline> or --checkpoint <dir>");
  const sources: PolicySource[] = [];
  if (checkpoints.length > 0) sources.push(await sourceOf({ checkpoints }, config, trainDays));
  for (const policy of baselines) sources.push(await sourceOf({ policy, policyOptions: given.policyOptions }, config, trainDays));
  return sources;
}

/** The fallback baseline (`--fallback`, default the rule), made afresh for each run; checked once. */
export async function fallbackFactory(name: string | undefined, config: GridConfigInput, trainDays?: DayRange): Promise<() => Promise<Policy>> {
  const source = { policy: name ?? "rule" };
  const resolved = await resolvePolicy(source, config, trainDays);
  resolved.policy.dispose?.();
  return async () => (await resolvePolicy(source, config, trainDays)).policy;
}
