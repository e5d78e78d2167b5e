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
