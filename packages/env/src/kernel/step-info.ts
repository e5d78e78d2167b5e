/**
 * The step's diagnostics: the one list of per-environment info values. {@link StepInfoBuffers}, the keys the
 * kernel allocates ({@link STEP_INFO_KEYS}), the single-episode view's info and the baselines' trace columns
 * all derive from {@link STEP_INFO}. Each entry's value is its column in a step trace CSV.
 */
export const STEP_INFO = {
  /** Net import at the feeder head, kW (negative: export). */
  netImportKw: "netImportKw",
  /** The article's energy cost: retail price x max(0, net import) x dtHours, $. */
  energyCostUsd: "energyCostUsd",
  /** Day-ahead price x max(0, net import) x dtHours, $: the system's cost, with the tariff adder excluded. */
  systemCostUsd: "systemCostUsd",
  /** Congestion plus export violation, kW (the article's `constraint_violation_kw`). */
  constraintViolationKw: "constraintViolationKw",
  /** Import above the feeder capacity, kW. */
  congestionKw: "congestionKw",
  /** Export above the export limit, kW: the article counts it as spilled solar. */
  exportViolationKw: "exportViolationKw",
  /** Solar available, kW. */
  solarAvailableKw: "solarAvailableKw",
  /** Solar used (available minus spill), kW. */
  solarUsedKw: "solarUsedKw",
  /** Retail price, $/kWh (day-ahead price plus the operator's adder, floored); the article's name, `retail_price`. */
  retailPrice: "retailPriceUsdPerKwh",
  /** The operator's tariff adder, $/kWh. */
  tariffAdderUsdPerKwh: "tariffAdderUsdPerKwh",
  /** Battery power at the grid side, kW (positive: discharge). */
  batteryDispatchKw: "batteryDispatchKw",
  /** The feeder guard's change, kW: |dispatch - unguarded dispatch| + the sum of |consumer load - requested load| (0 without it). */
  guardCorrectionKw: "guardCorrectionKw",
  /** |change in net import| since the previous step, kW. */
  rampKw: "rampKw",
  /** The team reward of the step. */
  teamReward: "teamReward",
  /** Battery degradation cost of the step, $. */
  degradationCostUsd: "degradationCostUsd",
  /** `shift` mode: backlog left unserved at the end of the episode, kWh (0 on other steps). */
  unservedKwh: "unservedKwh",
} as const;

/** The name of one per-environment diagnostic. */
export type StepInfoKey = keyof typeof STEP_INFO;

/** Every diagnostic's name, in {@link STEP_INFO}'s order. */
export const STEP_INFO_KEYS = Object.keys(STEP_INFO) as readonly StepInfoKey[];

/** Per-environment diagnostics of the last step (the article's common info and more), one value per env. */
export type StepInfoBuffers = { readonly [Key in keyof typeof STEP_INFO]: Float64Array };

/** Per-consumer diagnostics of the last step, laid out [env][consumer]. */
export class ConsumerInfoBuffers {
  /** Consumer load after flexibility, kW. */
  readonly loadKw: Float64Array;
  /** Flexibility applied, kW (negative: deferred or curtailed). */
  readonly flexDeltaKw: Float64Array;
  /** Consumer's bill for the step at the retail price, $. */
  readonly billUsd: Float64Array;

  /** Zeroed consumer info for `numEnvs` environments of `numConsumers` consumers. */
  constructor(numEnvs: number, numConsumers: number) {
    this.loadKw = new Float64Array(numEnvs * numConsumers);
    this.flexDeltaKw = new Float64Array(numEnvs * numConsumers);
    this.billUsd = new Float64Array(numEnvs * numConsumers);
  }
}

/**
 * The step info's buffers, one field per key of {@link STEP_INFO}: built by a constructor, not as an object literal,
 * so V8 keeps every field's kind (Float64Array) for every instance (see `GridState`).
 */
class StepInfoArrays {
  constructor(numEnvs: number) {
    const fields = this as unknown as Record<StepInfoKey, Float64Array>;
    for (const key of STEP_INFO_KEYS) fields[key] = new Float64Array(numEnvs);
  }
}

/** Zeroed step info for `numEnvs` environments. */
export function createStepInfoBuffers(numEnvs: number): StepInfoBuffers {
  return new StepInfoArrays(numEnvs) as unknown as StepInfoBuffers;
}
