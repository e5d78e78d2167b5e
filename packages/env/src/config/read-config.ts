import { ConfigError, type ConfigProblem, fieldPath } from "./errors.js";
import {
  GRID_CONFIG_GROUPS,
  type GridConfig,
  type GridConfigGroup,
  type GridConfigInput,
  GROUP_OF_FIELD,
  gridConfigSchema,
} from "./grid-config.js";

/** A configuration read into the flat form, with where each field grouped by concern was written. */
interface FlatReading {
  flat: Record<string, unknown>;
  /** Field -> the path of the concern object it was written in (`config.physics`); flat fields are absent. */
  writtenIn: Map<string, string>;
  problems: ConfigProblem[];
}

const isGroup = (key: string): key is GridConfigGroup => Object.hasOwn(GRID_CONFIG_GROUPS, key);
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads one concern object (`config.safety`) into `reading`: its fields must be that concern's, each given once. */
function readGroup(reading: FlatReading, input: Record<string, unknown>, group: GridConfigGroup, root: string): void {
  const at = `${root}.${group}`;
  const value = input[group];
  const fields = Object.keys(GRID_CONFIG_GROUPS[group].shape);
  if (!isPlainObject(value)) {
    reading.problems.push({ path: at, message: `expected an object of ${group} fields (${fields.join(", ")})` });
    return;
  }
  for (const [field, fieldValue] of Object.entries(value)) {
    const owner = GROUP_OF_FIELD.get(field);
    if (owner !== group) {
      const message = owner === undefined ? `unknown ${group} field; accepted: ${fields.join(", ")}` : `${field} is a ${owner} field; write it as ${root}.${owner}.${field}`;
      reading.problems.push({ path: `${at}.${field}`, message });
    } else if (Object.hasOwn(input, field)) {
      reading.problems.push({ path: `${at}.${field}`, message: `also given as ${root}.${field}; give each field once, flat or in its concern` });
    } else {
      reading.flat[field] = fieldValue;
      reading.writtenIn.set(field, at);
    }
  }
}

/** Reads a configuration in either form (see {@link readGridConfigInput}); problems are collected, not thrown. */
function readFlat(input: unknown, root: string): FlatReading {
  const reading: FlatReading = { flat: {}, writtenIn: new Map(), problems: [] };
  if (!isPlainObject(input)) return { ...reading, flat: input as Record<string, unknown> };
  for (const key of Object.keys(input)) {
    if (isGroup(key)) readGroup(reading, input, key, root);
    else reading.flat[key] = input[key];
  }
  return reading;
}

/**
 * A configuration written flat, by concern (`{ physics: {...}, safety: {...}, actions: {...}, observation: {...},
 * reward: {...} }`) or both at once (a `GridConfigDocument`), in the flat form (fields not validated: see {@link parseGridConfig}). Flat fields
 * keep their order and values, so a flat configuration reads as itself. Throws {@link ConfigError} for a concern that
 * is not an object, a field in the wrong concern or none, and a field given both flat and in its concern.
 */
export function readGridConfigInput(input: unknown = {}, root = "config"): GridConfigInput {
  return readGridConfigDocument(input, root).flat;
}

/** A configuration read into the flat form, and where each field was written (for messages about its value). */
export interface GridConfigReading {
  flat: GridConfigInput;
  /** The path a field was written at: `config.physics.flexKw` when given in its concern, else `config.flexKw`. */
  pathOf: (field: keyof GridConfigInput) => string;
}

/** {@link readGridConfigInput}, keeping where each field was written, so later checks name it as the user wrote it. */
export function readGridConfigDocument(input: unknown = {}, root = "config"): GridConfigReading {
  const reading = readFlat(input ?? {}, root);
  if (reading.problems.length > 0) throw new ConfigError(reading.problems, root);
  return { flat: reading.flat as GridConfigInput, pathOf: (field) => fieldPath(reading.writtenIn.get(field) ?? root, [field]) };
}

/**
 * Validates a configuration (a `GridConfigDocument`: either form, see {@link readGridConfigInput}) and fills in the article's defaults.
 * Unknown fields are rejected (a typo is an error, not a silently ignored setting). Throws {@link ConfigError} naming
 * each bad field's path as written (`config.physics.flexKw[2]`, or `config.flexKw[2]` in the flat form).
 */
export function parseGridConfig(input: unknown = {}, root = "config"): GridConfig {
  const reading = readFlat(input ?? {}, root);
  if (reading.problems.length > 0) throw new ConfigError(reading.problems, root);
  const writtenPath = (path: readonly PropertyKey[]) => fieldPath(reading.writtenIn.get(String(path[0])) ?? root, path);
  const result = gridConfigSchema.safeParse(reading.flat);
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => ({ path: writtenPath(issue.path), message: issue.message })), root);
  const { batteryReserveFraction: reserve, batteryHeadroomFraction: headroom } = result.data;
  if (reserve + headroom >= 1) {
    const message = `${headroom} with batteryReserveFraction ${reserve} leaves the producer none of the battery; expected the two to sum below 1`;
    throw new ConfigError([{ path: writtenPath(["batteryHeadroomFraction"]), message }], root);
  }
  return result.data;
}

/** The article's configuration. */
export const ARTICLE_CONFIG: GridConfig = parseGridConfig({});
