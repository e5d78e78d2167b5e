import { z } from "zod";

/** A finite number >= 0. */
export const nonNegative = z.number().finite().nonnegative();
/** A finite number > 0. */
export const positive = z.number().finite().positive();
/** A fraction in [0, 1]. */
export const fraction = z.number().finite().min(0).max(1);
