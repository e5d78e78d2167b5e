import { UsageError } from "../command.js";

/** What a numeric option accepts: whole numbers or any, a lower bound, and the unit it counts. */
export interface NumberRule {
  /** Only whole numbers (7, 1e5), not 7.5. */
  whole: boolean;
  /** Inclusive lower bound (`>= atLeast`). */
  atLeast?: number;
  /** Exclusive lower bound (`> above`). */
  above?: number;
  /** What the number counts, plural (`env-steps`, `seconds`), for the error message. */
  unit?: string;
}

/** A decimal number as written by a person: digits, an optional fraction and exponent; no hex, no blanks. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** What `rule` accepts, in words: "a whole number of env-steps >= 1". */
export function describeNumberRule(rule: NumberRule): string {
  const kind = rule.whole ? "a whole number" : "a number";
  const unit = rule.unit ? ` of ${rule.unit}` : "";
  const bounds = [rule.atLeast === undefined ? "" : ` >= ${rule.atLeast}`, rule.above === undefined ? "" : ` > ${rule.above}`].join("");
  return `${kind}${unit}${bounds}`;
}

/**
 * The one number parser of the command line: `text` given to `flag` as a number that `rule` accepts, or a
 * UsageError that names the flag, what was given and what is accepted (`--steps: got "7.5"; expected a whole
 * number of env-steps >= 1`).
 */
export function parseNumberOption(text: string, flag: string, rule: NumberRule): number {
  const value = DECIMAL.test(text.trim()) ? Number(text) : Number.NaN;
  const accepted =
    Number.isFinite(value) &&
    (!rule.whole || Number.isInteger(value)) &&
    (rule.atLeast === undefined || value >= rule.atLeast) &&
    (rule.above === undefined || value > rule.above);
  if (!accepted) throw new UsageError(`${flag}: got "${text}"; expected ${describeNumberRule(rule)}`);
  return value;
}
