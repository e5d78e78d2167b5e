import { UsageError } from "../command.js";
import { readJsonOption } from "./json-option.js";
import { describeNumberRule, type NumberRule, parseNumberOption } from "./number-option.js";

/**
 * One row of a command's option table: its flags as help shows them (`--steps <n>`, `--json`), what it means, and
 * how its text becomes its value. The table generates the command's help and its parsing; `Value` is the type the
 * command's `run` receives (with `undefined` when the option has no default and was not given).
 */
export interface OptionSpec<Value> {
  flags: string;
  description: string;
  /** Text to value; throws a UsageError naming the flag, what was given and what is accepted. */
  parse?: (text: string, flag: string) => Value;
  defaultValue?: Value;
  /** An old spelling kept working: its value is given to this option of the table (and it is left out of help). */
  aliasOf?: string;
  /** Left out of help (old spellings). */
  hidden?: boolean;
}

/** A command's options by the name its `run` reads them under. */
export type OptionTable = Record<string, OptionSpec<unknown>>;

/** The values a command's `run` receives for its option table. */
export type OptionValues<Table extends OptionTable> = { [Key in keyof Table]: Table[Key] extends OptionSpec<infer Value> ? Value : never };

/** The long flag of a row (`--steps` of `--steps <n>`), as errors name it. */
export function longFlag(spec: OptionSpec<unknown>): string {
  return /--[\w-]+/.exec(spec.flags)?.[0] ?? spec.flags;
}

/** A switch: true when given. */
export function flag(flags: string, description: string): OptionSpec<boolean> {
  return { flags, description, defaultValue: false };
}

/** A text value, as given. */
export function text(flags: string, description: string): OptionSpec<string | undefined>;
export function text(flags: string, description: string, defaultValue: string): OptionSpec<string>;
export function text(flags: string, description: string, defaultValue?: string): OptionSpec<string | undefined> {
  return { flags, description, defaultValue };
}

/** A number that `rule` accepts (the one number parser, {@link parseNumberOption}); the rule is named in help. */
export function numeric(flags: string, description: string, rule: NumberRule): OptionSpec<number | undefined>;
export function numeric(flags: string, description: string, rule: NumberRule, defaultValue: number): OptionSpec<number>;
export function numeric(flags: string, description: string, rule: NumberRule, defaultValue?: number): OptionSpec<number | undefined> {
  return { flags, description: `${description}; ${describeNumberRule(rule)}`, parse: (given, name) => parseNumberOption(given, name, rule), defaultValue };
}

/** A JSON object, inline or in a JSON or YAML file ({@link readJsonOption}). */
export function jsonObject(flags: string, description: string): OptionSpec<Record<string, unknown> | undefined> {
  return { flags, description, parse: readJsonOption };
}

/** An old spelling of `target`'s row, kept working and out of help. */
export function alias<Value>(flags: string, targetName: string, target: OptionSpec<Value>): OptionSpec<Value> {
  return { flags, description: `old spelling of ${longFlag(target)}`, parse: target.parse, aliasOf: targetName, hidden: true };
}

/** An old spelling that meant something else elsewhere: refused, pointing to the new name. */
export function renamed(flags: string, replacement: string): OptionSpec<undefined> {
  return {
    flags,
    description: `renamed ${replacement}`,
    hidden: true,
    parse: (_given, name) => {
      throw new UsageError(`${name} was renamed ${replacement}; give ${replacement} instead`);
    },
  };
}

/** A value of the command's own form (a day range, say), read by `parse`. */
export function parsed<Value>(flags: string, description: string, parse: (given: string, flag: string) => Value): OptionSpec<Value | undefined> {
  return { flags, description, parse };
}
