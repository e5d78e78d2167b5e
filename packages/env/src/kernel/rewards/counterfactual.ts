/**
 * Where each input of the team reward (`teamRewardOf`'s, `team-reward.ts`) is in a counterfactual step's row of
 * `StepWork.counterfactualInputs`, the table difference rewards fill. An enum, as the observation indexes are: the
 * bundler writes the numbers where they are used.
 */
export enum COUNTERFACTUAL {
  priceUsdPerKwh = 0,
  netImportKw = 1,
  throughputKwh = 2,
  unservedKwh = 3,
  /** The shaping potentials' change (0 but for the step's own team reward, the step info's). */
  shapingUsd = 4,
  /** Entries of a row. */
  size = 5,
}

/**
 * The fixed rows of that table: the step itself with its shaping (the step info's team reward), the step unshaped
 * (what difference rewards compare), then one row per consumer, neutral; after them {@link idleRow} and
 * {@link noAdderRow}, {@link counterfactualRowCount} rows in all.
 */
export enum COUNTERFACTUAL_ROW {
  shapedStep = 0,
  step = 1,
  firstConsumer = 2,
}

/** The row of the step with the battery idle, for `numConsumers` consumers. */
export function idleRow(numConsumers: number): number {
  return COUNTERFACTUAL_ROW.firstConsumer + numConsumers;
}

/** The row of the step without the tariff adder, for `numConsumers` consumers. */
export function noAdderRow(numConsumers: number): number {
  return idleRow(numConsumers) + 1;
}

/** Rows of the table for `numConsumers` consumers. */
export function counterfactualRowCount(numConsumers: number): number {
  return noAdderRow(numConsumers) + 1;
}
