import { EnvProbe } from "@grid/baselines";
import { type GridConfigInput, parseGridConfig, VecGridEnv } from "@grid/env";
import { type ConsumerProfile, FEATURE_WINDOW_STEPS, type ProfileRow, type ProfileTable } from "@grid/profiles";

/**
 * A simulated feeder fed one measured row at a time. Its profile table holds `capacitySteps` steps laid over the
 * reference scenario's table repeated (so the observation scales, price statistics and consumers are the ones the
 * policies were built for); the stream's rows overwrite it from step 0 on as they arrive. Features a live feed cannot
 * know are estimated from what has arrived: the 1-hour solar forecast is the stream's `solar_forecast_1h` when given,
 * else the current solar (persistence); the price z-score uses the reference's price mean and deviation.
 */
export class LiveFeeder {
  readonly table: ProfileTable;
  readonly capacitySteps: number;
  private readonly shares: number[];
  private readonly priceMean: number;
  private readonly priceStd: number;
  private envs: VecGridEnv[] = [];
  private environment: VecGridEnv | undefined;
  private scratch: EnvProbe | undefined;
  /** Steps written so far. */
  written = 0;

  constructor(
    readonly reference: ProfileTable,
    readonly config: GridConfigInput,
    capacitySteps: number,
  ) {
    const parsed = parseGridConfig(config);
    if (parsed.feederGuard && parsed.guardLookaheadHours > 0) {
      throw new Error(`config.guardLookaheadHours: ${parsed.guardLookaheadHours}; the guard's lookahead reads the future load, which a live feed does not have; set it to 0`);
    }
    const length = reference.baseLoadKw.length;
    this.capacitySteps = Math.max(capacitySteps, length);
    const tile = (series: Float64Array) => Float64Array.from({ length: this.capacitySteps }, (_, t) => series[t % length]);
    const features = reference.features;
    this.table = {
      ...reference,
      timestampsMs: tile(reference.timestampsMs),
      hourOfDay: tile(reference.hourOfDay),
      baseLoadKw: tile(reference.baseLoadKw),
      solarKw: tile(reference.solarKw),
      temperatureC: tile(reference.temperatureC),
      dayAheadPriceUsdPerKwh: tile(reference.dayAheadPriceUsdPerKwh),
      features: {
        hourSin: tile(features.hourSin),
        hourCos: tile(features.hourCos),
        loadMa1h: tile(features.loadMa1h),
        solarForecast1h: tile(features.solarForecast1h),
        priceZ: tile(features.priceZ),
      },
      consumers: reference.consumers?.map((consumer): ConsumerProfile => ({
        ...consumer,
        loadKw: tile(consumer.loadKw),
        ...(consumer.solarKw ? { solarKw: tile(consumer.solarKw) } : {}),
      })),
      filled: undefined,
      source: `live feed over ${reference.source}`,
    };
    if (!reference.consumers) delete this.table.consumers;
    this.shares = reference.consumers ? [] : parsed.consumerShares;
    const prices = reference.dayAheadPriceUsdPerKwh;
    this.priceMean = prices.reduce((sum, price) => sum + price, 0) / length;
    this.priceStd = Math.sqrt(prices.reduce((sum, price) => sum + (price - this.priceMean) ** 2, 0) / Math.max(length - 1, 1)) || 1;
  }

  /** The environment (made when the first row is written, so its first observation is the stream's). */
  get env(): VecGridEnv {
    if (!this.environment) throw new Error("LiveFeeder.env: no row written yet");
    return this.environment;
  }

  /** A scratch copy of the environment for what-if steps (see `EnvProbe` of @grid/baselines). */
  get probe(): EnvProbe {
    if (!this.scratch) throw new Error("LiveFeeder.probe: no row written yet");
    return this.scratch;
  }

  /** Writes a row at the next step and returns that step; throws when the table is full. */
  write(row: ProfileRow): number {
    const t = this.written;
    if (t >= this.capacitySteps - 1) throw new Error(`line ${row.line}: the live feed holds ${this.capacitySteps - 1} steps; give a larger capacity`);
    const table = this.table;
    table.timestampsMs[t] = row.epochMs;
    table.hourOfDay[t] = row.hourOfDay;
    table.baseLoadKw[t] = row.baseLoadKw;
    table.solarKw[t] = row.solarKw;
    table.temperatureC[t] = row.temperatureC;
    table.dayAheadPriceUsdPerKwh[t] = row.dayAheadPriceUsdPerKwh;
    const angle = (2 * Math.PI * row.hourOfDay) / 24;
    table.features.hourSin[t] = Math.sin(angle);
    table.features.hourCos[t] = Math.cos(angle);
    const window = Math.min(t + 1, FEATURE_WINDOW_STEPS);
    let loadSum = 0;
    for (let k = t - window + 1; k <= t; k++) loadSum += table.baseLoadKw[k];
    table.features.loadMa1h[t] = loadSum / window;
    table.features.solarForecast1h[t] = row.solarForecast1hKw ?? row.solarKw;
    table.features.priceZ[t] = (row.dayAheadPriceUsdPerKwh - this.priceMean) / this.priceStd;
    table.consumers?.forEach((consumer, c) => {
      consumer.loadKw[t] = row.consumerLoadKw[c];
      if (consumer.solarKw) consumer.solarKw[t] = row.consumerSolarKw[c];
    });
    if (!this.environment) this.createEnvs();
    for (const env of this.envs) this.writeConsumers(env, row, t);
    this.written = t + 1;
    return t;
  }

  private createEnvs(): void {
    const { consumerShares, ...withoutShares } = parseGridConfig(this.config);
    const config = this.table.consumers ? withoutShares : { ...withoutShares, consumerShares };
    this.environment = new VecGridEnv({ profiles: this.table, config, numEnvs: 1, autoReset: false, startSteps: [0] });
    this.scratch = new EnvProbe(this.environment, 1);
    this.envs = [this.environment, this.scratch.scratch];
  }

  /** The environment's own copies of each consumer's load and solar at step `t`. */
  private writeConsumers(env: VecGridEnv, row: ProfileRow, t: number): void {
    const length = env.profileLength;
    for (let c = 0; c < env.numConsumers; c++) {
      env.consumerLoadKw[c * length + t] = this.table.consumers ? row.consumerLoadKw[c] : this.shares[c] * row.baseLoadKw;
      if (env.consumerSolarKw) env.consumerSolarKw[c * length + t] = row.consumerSolarKw[c];
    }
  }
}
