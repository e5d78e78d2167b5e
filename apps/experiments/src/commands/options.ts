import type { Command } from "../command.js";
import { UsageError } from "../command.js";

type Values = Parameters<Command["run"]>[0];

/** A whole-number flag (`--seeds 3`), at least `minimum`, or undefined when it was not given; a UsageError otherwise. */
export function wholeNumber(values: Values, flag: string, minimum = 0): number | undefined {
  const value = values[flag];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) throw new UsageError(`--${flag}: "${value}" is not a whole number >= ${minimum}`);
  return number;
}
