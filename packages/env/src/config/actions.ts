import { z } from "zod";

/** How agents act: the article's discrete levels (3: -1, 0, +1), K evenly spaced levels in [-1, 1], or continuous. */
export const actionModeSchema = z.enum(["discrete", "continuous"]);

/** The action space: discrete levels (the article's -1, 0, +1 by default) or continuous actions in [-1, 1]. */
export const actionsSchema = z
  .object({
    /** Discrete action levels (the article) or continuous actions in [-1, 1]. */
    actionMode: actionModeSchema.default("discrete"),
    /** Number of discrete levels, evenly spaced in [-1, 1] (3: the article's -1, 0, +1). */
    actionLevels: z.number().int().min(2).default(3),
    /**
     * Spacing of the discrete levels: level k is sign(u)|u|^exponent for u = -1 + 2k/(levels - 1), so 1 (the default)
     * spaces them evenly and 2 or 3 put more of them near 0, keeping -1, +1 and (odd counts) 0: fine control of a
     * battery much more powerful than the feeder, without more levels to explore.
     */
    actionLevelExponent: z.number().finite().min(1).max(4).default(1),
  })
  .strict();

export type ActionMode = z.output<typeof actionModeSchema>;
