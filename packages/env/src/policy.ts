import type { VecGridEnv } from "./vec-env.js";

/**
 * The one policy interface of the framework, shared by baselines and learned agents: batched over the
 * vectorised environment, so evaluation never cares which kind it holds.
 *
 * `act` reads whatever it needs from the environment (observations, states, or for planners the profile
 * table, forecasts and battery state) and writes one action per agent and env into `actions`
 * ([agent][env], level indices or values in [-1, 1], as the environment's action mode says).
 */
export interface Policy {
  /** A short name for tables and logs (`rule`, `ippo`). */
  readonly name: string;
  /** Called for each env whose episode has just started (after a reset or an auto-reset). */
  beginEpisode?(env: VecGridEnv, envIndex: number): void;
  /** Writes the actions of every agent in every env for the current step. */
  act(env: VecGridEnv, actions: Float32Array): void;
  /** Releases resources (tensors, solvers). */
  dispose?(): void;
}
