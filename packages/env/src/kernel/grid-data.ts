import type { ProfileTable } from "@grid/profiles";
import type { GridConfig, GridConfigReading } from "../config.js";
import { buildForecastFeatures, type ForecastFeatureTable } from "./forecast-features.js";

/**
 * What a step reads and never writes: the profiles, each consumer's series, the observation scales, the
 * feeder's running sums for the guard's lookahead and the forecast features of every step (with
 * `forecastFeatures: "lookahead"`). Built once per environment; a class for the reason `GridState` is one.
 */
export class GridData implements ForecastFeatureTable {
  readonly profiles: ProfileTable;
  /** Length of the profile table, steps. */
  readonly profileLength: number;
  readonly numConsumers: number;
  /** Each consumer's base load, [consumer][step], kW. */
  readonly consumerLoadKw: Float64Array;
  /** Each consumer's own PV, [consumer][step], kW, when the profile has it. */
  readonly consumerSolarKw: Float64Array | undefined;
  /** Each consumer's flexible power, kW. */
  readonly consumerFlexKw: Float64Array;
  /** Largest feeder base load of the table, kW (the article's observation scale). */
  readonly maxLoadKw: number;
  /** Largest solar output of the table, at least 1, kW. */
  readonly maxSolarKw: number;
  /** Mean and standard deviation of the day-ahead price over the table, $/kWh (broadcast's price scale). */
  readonly priceMeanUsdPerKwh: number;
  readonly priceStdUsdPerKwh: number;
  /** The battery's one-way efficiencies, each the square root of the round trip's. */
  readonly chargeEfficiency: number;
  readonly dischargeEfficiency: number;
  /**
   * Whether the producer's own dispatch is kept from part of the battery (a reserve, a headroom or the guard's
   * lookahead); without, it may use all the battery can do and the reserve stage is skipped.
   */
  readonly batteryReserved: boolean;
  /** Steps the feeder guard looks ahead (0: no lookahead, or no guard). */
  readonly lookaheadSteps: number;
  /**
   * With the guard's lookahead on the oracle (`guardForecast: "oracle"`): running sum over profile steps of the
   * uncontrolled feeder's energy above its capacity, kWh ([t] = the steps before t), so any window's overload is
   * one difference; empty otherwise.
   */
  readonly overloadPrefixKwh: Float64Array;
  /** Its counterpart for export: running sum of the uncontrolled feeder's export above `exportLimitKw`, kWh. */
  readonly exportPrefixKwh: Float64Array;
  /** The forecast block of every step and its noise scales ({@link ForecastFeatureTable}); empty without forecast features. */
  readonly forecastFeatures: Float64Array;
  readonly forecastFeatureNoise: Float64Array;

  /** The grid data of `profiles` under `config` (`input` is the configuration as given, for its error messages). */
  constructor(profiles: ProfileTable, config: GridConfig, input: GridConfigReading) {
    checkProfileFits(profiles, config, input);
    this.profiles = profiles;
    this.profileLength = profiles.baseLoadKw.length;
    const consumers = consumerSeries(profiles, config, input);
    this.numConsumers = consumers.numConsumers;
    this.consumerLoadKw = consumers.consumerLoadKw;
    this.consumerSolarKw = consumers.consumerSolarKw;
    this.consumerFlexKw = consumers.consumerFlexKw;
    const scales = profileScales(profiles);
    this.maxLoadKw = scales.maxLoadKw;
    this.maxSolarKw = scales.maxSolarKw;
    this.priceMeanUsdPerKwh = scales.priceMeanUsdPerKwh;
    this.priceStdUsdPerKwh = scales.priceStdUsdPerKwh;
    this.chargeEfficiency = Math.sqrt(config.batteryRoundTripEfficiency);
    this.dischargeEfficiency = this.chargeEfficiency;
    this.lookaheadSteps = config.feederGuard ? Math.round(config.guardLookaheadHours / config.dtHours) : 0;
    this.batteryReserved = config.batteryReserveFraction > 0 || config.batteryHeadroomFraction > 0 || this.lookaheadSteps > 0;
    const oracle = this.lookaheadSteps > 0 && config.guardForecast === "oracle";
    const sums = oracle ? feederExcessPrefixSums(this, config) : { overloadPrefixKwh: new Float64Array(0), exportPrefixKwh: new Float64Array(0) };
    this.overloadPrefixKwh = sums.overloadPrefixKwh;
    this.exportPrefixKwh = sums.exportPrefixKwh;
    const forecasts = buildForecastFeatures(this, config);
    this.forecastFeatures = forecasts.forecastFeatures;
    this.forecastFeatureNoise = forecasts.forecastFeatureNoise;
  }
}

function checkProfileFits(profiles: ProfileTable, config: GridConfig, input: GridConfigReading): void {
  const length = profiles.baseLoadKw.length;
  if (Math.abs(profiles.stepHours - config.dtHours) > 1e-9) {
    throw new Error(
      `${input.pathOf("dtHours")}: ${config.dtHours} h does not match the profile table's step of ${profiles.stepHours} h (${profiles.source}); align the data or set dtHours`,
    );
  }
  if (length < config.episodeSteps + 2) {
    throw new Error(
      `${input.pathOf("episodeSteps")}: ${config.episodeSteps} steps need a profile of at least ${config.episodeSteps + 2} steps; ${profiles.source} has ${length}`,
    );
  }
}

type ConsumerSeries = Pick<GridData, "numConsumers" | "consumerLoadKw" | "consumerSolarKw" | "consumerFlexKw">;

/** Each consumer's load, own PV and flexible power: from the profile's own consumers, else shares of the feeder's load. */
function consumerSeries(profiles: ProfileTable, config: GridConfig, input: GridConfigReading): ConsumerSeries {
  const length = profiles.baseLoadKw.length;
  const consumers = profiles.consumers;
  const numConsumers = consumers ? consumers.length : config.consumerShares.length;
  if (consumers && input.flat.consumerShares !== undefined && config.consumerShares.length !== numConsumers) {
    throw new Error(
      `${input.pathOf("consumerShares")}: ${config.consumerShares.length} shares, but the profile has ${numConsumers} consumers with their own loads; drop consumerShares`,
    );
  }
  const flexKw = new Float64Array(numConsumers);
  if (Array.isArray(config.flexKw)) {
    if (config.flexKw.length !== numConsumers) {
      throw new Error(`${input.pathOf("flexKw")}: ${config.flexKw.length} values for ${numConsumers} consumers; give one per consumer or a single number`);
    }
    flexKw.set(config.flexKw);
  } else flexKw.fill(config.flexKw);
  const loadKw = new Float64Array(numConsumers * length);
  let solarKw: Float64Array | undefined;
  for (let c = 0; c < numConsumers; c++) {
    const row = c * length;
    if (consumers) {
      const consumer = consumers[c];
      if (consumer.loadKw.length !== length) {
        throw new Error(`profiles.consumers[${c}] (${consumer.id}): ${consumer.loadKw.length} steps; the table has ${length}`);
      }
      loadKw.set(consumer.loadKw, row);
      if (consumer.flexKw !== undefined) flexKw[c] = consumer.flexKw;
      if (consumer.solarKw) {
        solarKw ??= new Float64Array(numConsumers * length);
        solarKw.set(consumer.solarKw, row);
      }
    } else {
      const share = config.consumerShares[c];
      for (let t = 0; t < length; t++) loadKw[row + t] = share * profiles.baseLoadKw[t];
    }
  }
  return { numConsumers, consumerLoadKw: loadKw, consumerSolarKw: solarKw, consumerFlexKw: flexKw };
}

type ProfileScales = Pick<GridData, "maxLoadKw" | "maxSolarKw" | "priceMeanUsdPerKwh" | "priceStdUsdPerKwh">;

/** The observation scales of a profile table. */
function profileScales(profiles: ProfileTable): ProfileScales {
  const length = profiles.baseLoadKw.length;
  let maxLoad = Number.NEGATIVE_INFINITY;
  let maxSolar = Number.NEGATIVE_INFINITY;
  let priceSum = 0;
  for (let t = 0; t < length; t++) {
    maxLoad = Math.max(maxLoad, profiles.baseLoadKw[t]);
    maxSolar = Math.max(maxSolar, profiles.solarKw[t]);
    priceSum += profiles.dayAheadPriceUsdPerKwh[t];
  }
  const priceMean = priceSum / length;
  let squares = 0;
  for (let t = 0; t < length; t++) squares += (profiles.dayAheadPriceUsdPerKwh[t] - priceMean) ** 2;
  return {
    maxLoadKw: maxLoad > 0 ? maxLoad : 1,
    maxSolarKw: Math.max(maxSolar, 1),
    priceMeanUsdPerKwh: priceMean,
    priceStdUsdPerKwh: Math.sqrt(squares / Math.max(length - 1, 1)) || 1,
  };
}

/** The running sums of the uncontrolled feeder's overload and excess export (base loads at their floor, less solar). */
function feederExcessPrefixSums(
  data: Pick<GridData, "profiles" | "profileLength" | "numConsumers" | "consumerLoadKw">,
  config: GridConfig,
): Pick<GridData, "overloadPrefixKwh" | "exportPrefixKwh"> {
  const length = data.profileLength;
  const overloadPrefixKwh = new Float64Array(length + 1);
  const exportPrefixKwh = new Float64Array(length + 1);
  for (let t = 0; t < length; t++) {
    let netKw = -data.profiles.solarKw[t];
    for (let c = 0; c < data.numConsumers; c++) netKw += Math.max(config.minConsumerLoadKw, data.consumerLoadKw[c * length + t]);
    overloadPrefixKwh[t + 1] = overloadPrefixKwh[t] + Math.max(0, netKw - config.feederCapacityKw) * config.dtHours;
    exportPrefixKwh[t + 1] = exportPrefixKwh[t] + Math.max(0, -netKw - config.exportLimitKw) * config.dtHours;
  }
  return { overloadPrefixKwh, exportPrefixKwh };
}
