import type { GridConfig } from "../config.js";
import type { Kernel } from "./kernel.js";

/** The value in [-1, 1] of each discrete action level (evenly spaced, or denser near 0 with an exponent); empty in continuous mode. */
export function actionLevelValuesOf(config: GridConfig): Float64Array {
  if (config.actionMode !== "discrete") return new Float64Array(0);
  const values = new Float64Array(config.actionLevels);
  const exponent = config.actionLevelExponent;
  for (let k = 0; k < config.actionLevels; k++) {
    const even = -1 + (2 * k) / (config.actionLevels - 1);
    values[k] = exponent === 1 ? even : Math.sign(even) * Math.abs(even) ** exponent;
  }
  return values;
}

/** The value in [-1, 1] agent `agent`'s action stands for; throws on an index that is not a valid level (or NaN). */
export function decodeAction(kernel: Kernel, action: number, agent: number): number {
  if (kernel.numActions === 0) {
    if (Number.isNaN(action)) throw new Error(`action of ${kernel.agentIds[agent]} is NaN; expected a number in [-1, 1]`);
    return action < -1 ? -1 : action > 1 ? 1 : action;
  }
  if (action !== Math.floor(action) || action < 0 || action >= kernel.numActions) {
    throw new Error(`action ${action} of ${kernel.agentIds[agent]} is not an integer in [0, ${kernel.numActions - 1}]`);
  }
  return kernel.actionLevelValues[action];
}

/**
 * The value in [-1, 1] of agent `agent`'s action in env `env` of the actions the step was given (`kernel.actions`):
 * each device's stage reads its agent's action through this.
 */
export function actionValueOf(kernel: Kernel, agent: number, env: number): number {
  const action = kernel.actions[agent * kernel.numEnvs + env];
  // A valid level is looked up here; anything else goes to decodeAction, which clamps or says what is wrong. The
  // integer test truncates (`| 0`) rather than calling Math.floor: an integer index is several times faster to check
  // and to index with than a double (NaN, fractions and values past 2^31 all fail `level === action`).
  const level = action | 0;
  return level === action && level >= 0 && level < kernel.numActions ? kernel.actionLevelValues[level] : decodeAction(kernel, action, agent);
}
