import { z } from "zod";
import { actionsSchema } from "./actions.js";
import { observationSchema } from "./observation.js";
import { physicsSchema } from "./physics.js";
import { rewardSchema } from "./reward.js";
import { safetySchema } from "./safety.js";

/**
 * The configuration's concerns, each one zod object declared in its own file: every field is declared once, in its
 * concern, and the flat {@link gridConfigSchema} the kernel reads is their union.
 */
export const GRID_CONFIG_GROUPS = {
  physics: physicsSchema,
  safety: safetySchema,
  actions: actionsSchema,
  observation: observationSchema,
  reward: rewardSchema,
} as const;

/** The name of a concern (`physics`, `safety`, `actions`, `observation`, `reward`). */
export type GridConfigGroup = keyof typeof GRID_CONFIG_GROUPS;
export const GRID_CONFIG_GROUP_NAMES = Object.keys(GRID_CONFIG_GROUPS) as GridConfigGroup[];

/**
 * The environment's configuration, flat: every concern's fields side by side, as the kernel reads them. Every default
 * is the seed article's `GridConfig` or its hard-coded behaviour, so `{}` is the article's environment.
 */
export const gridConfigSchema = z
  .object({
    ...physicsSchema.shape,
    ...safetySchema.shape,
    ...actionsSchema.shape,
    ...observationSchema.shape,
    ...rewardSchema.shape,
  })
  .strict();

/** A configuration as written by a user in the flat form: every field optional. */
export type GridConfigInput = z.input<typeof gridConfigSchema>;
/** A validated configuration with every default filled in. */
export type GridConfig = z.output<typeof gridConfigSchema>;

/** A configuration written by concern (`{ physics: { feederCapacityKw: 8 }, safety: { feederGuard: true } }`). */
export type GroupedGridConfigInput = { [Group in GridConfigGroup]?: z.input<(typeof GRID_CONFIG_GROUPS)[Group]> };
/** A validated configuration viewed by concern (see {@link groupGridConfig}). */
export type GroupedGridConfig = { [Group in GridConfigGroup]: z.output<(typeof GRID_CONFIG_GROUPS)[Group]> };

/**
 * A configuration in either form, or both at once (flat fields beside concern objects), each field given once: what
 * {@link parseGridConfig} and the environment accept.
 */
export type GridConfigDocument = GridConfigInput & GroupedGridConfigInput;

/** The concern each field belongs to (`feederGuard` -> `safety`). */
export const GROUP_OF_FIELD: ReadonlyMap<string, GridConfigGroup> = new Map(
  GRID_CONFIG_GROUP_NAMES.flatMap((group) => Object.keys(GRID_CONFIG_GROUPS[group].shape).map((field) => [field, group] as const)),
);

/** A validated configuration viewed by concern: `groupGridConfig(config).safety.feederGuard` is `config.feederGuard`. */
export function groupGridConfig(config: GridConfig): GroupedGridConfig {
  const grouped: Record<string, Record<string, unknown>> = Object.fromEntries(GRID_CONFIG_GROUP_NAMES.map((group) => [group, {}]));
  for (const [field, value] of Object.entries(config)) {
    const group = GROUP_OF_FIELD.get(field);
    if (group !== undefined) grouped[group][field] = value;
  }
  return grouped as GroupedGridConfig;
}
