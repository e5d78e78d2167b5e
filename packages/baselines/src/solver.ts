import loadHighs, { type Highs } from "highs";

/** The loaded HiGHS WebAssembly runtime (the `highs` npm package). */
export type LinearSolver = Highs;

let loading: Promise<LinearSolver> | undefined;

/**
 * Loads the HiGHS solver once per process (asynchronously: the WebAssembly module ships inside the `highs`
 * package); later calls return the same runtime. Solves themselves are synchronous.
 */
export function loadLinearSolver(): Promise<LinearSolver> {
  loading ??= loadHighs();
  return loading;
}
