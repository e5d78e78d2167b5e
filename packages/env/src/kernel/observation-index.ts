import type { GridConfig } from "../config.js";

/**
 * Where each entry of an agent's observation is. Entries before `ownStart` are the feeder's, the same for every
 * agent and the same as the global state's first entries ({@link STATE_INDEX}); from `ownStart` on they are the
 * agent's own: a consumer's base load, flexibility used and backlog (a producer's 0, 0, state of charge; the
 * operator's 0, 0, net import). Then, with `forecastFeatures: "lookahead"`, the forecast block from `forecastStart`
 * ({@link FORECAST_INDEX}; the feeder's, the same for every agent), then what communication adds: where the block
 * and the messages are for a configuration is {@link observationLayout}'s.
 *
 * The three indexes are enums, not objects, because the bundler writes an enum member's number where it is used:
 * the observation writer's stores then have constant offsets (a property load per store cost the writer a third of
 * its time, `benchmarks/RESULTS.md`, "Environment throughput"). At run time each is still an object of its names.
 */
export enum OBSERVATION_INDEX {
  hourSin = 0,
  hourCos = 1,
  /** The feeder's base load / the table's largest. */
  feederLoad = 2,
  /** Solar / the table's largest. */
  solar = 3,
  /** The one-hour solar forecast / the table's largest solar (with forecast noise). */
  solarForecast = 4,
  /** The day-ahead price's z-score. */
  priceZ = 5,
  batterySoc = 6,
  /** The previous step's net import / feeder capacity. */
  netImport = 7,
  /** First of the agent's own entries. */
  ownStart = 8,
  /** A consumer's base load / the feeder's largest (0 for the producer and the operator). */
  ownLoad = 8,
  /** A consumer's flexibility used / budget (0 for the producer and the operator). */
  ownFlexUsed = 9,
  /** A consumer's backlog / budget in `shift` mode (else 0); the producer's state of charge; the operator's net import. */
  ownSignal = 10,
  /**
   * First entry after the agent's own: the forecast block with `forecastFeatures: "lookahead"`, else the messages
   * (broadcast: every agent's last action, then the price; global state: the state), else the end.
   */
  forecastStart = 11,
}

/**
 * Where each entry of the global state is: first the feeder's entries, at the places {@link OBSERVATION_INDEX} gives
 * them (`hourSin` to `netImport`), then each consumer's flexibility used / budget from `consumerFlexUsedStart`, then
 * (with `forecastFeatures: "lookahead"`) the forecast block at `observationLayout(...).stateForecastStart`.
 */
export enum STATE_INDEX {
  /** Consumer c's flexibility used / budget is at `consumerFlexUsedStart + c` (the feeder's entries come before). */
  consumerFlexUsedStart = 8,
}

/** Local observation entries every agent has (the article's 11). */
export const LOCAL_OBSERVATION_SIZE = OBSERVATION_INDEX.forecastStart;
/** Global-state entries before the per-consumer flexibility (the article's 8). */
export const BASE_STATE_SIZE = STATE_INDEX.consumerFlexUsedStart;

/**
 * The entries of the forecast block (`forecastFeatures: "lookahead"`), from its first: in an agent's observation at
 * `observationLayout(...).forecastStart + FORECAST_INDEX.x`, in the global state at `stateForecastStart + x`. With
 * horizon H (`forecastHorizonHours`), the near window is the steps after the current one up to H/3 hours ahead, the
 * far window the rest up to H (each at least one step); steps past the profile table's end repeat its last step.
 */
export enum FORECAST_INDEX {
  /** Mean day-ahead price z-score (as `priceZ`) over the near window; exact (day-ahead prices are published the day before). */
  priceNear = 0,
  /** Mean day-ahead price z-score over the far window. */
  priceFar = 1,
  /** Hours from now to the highest day-ahead price from now to H ahead (the first, if tied) / H, in [0, 1]. */
  hoursToPricePeak = 2,
  /** Mean forecast feeder base load (the sum of the consumers' base loads, as `VecGridEnv.forecast`) over the near window / the table's largest. */
  loadNear = 3,
  /** Mean forecast feeder base load over the far window / the table's largest. */
  loadFar = 4,
  /** Mean forecast solar over the near window / the table's largest solar. */
  solarNear = 5,
  /** Mean forecast solar over the far window / the table's largest solar. */
  solarFar = 6,
}

/** Entries of the forecast block. */
export const FORECAST_FEATURE_SIZE = 7;

/** Where the parts of an agent's observation and of the global state are under a configuration. */
export interface ObservationLayout {
  /** Entries of an agent's observation. */
  readonly observationSize: number;
  /** Entries of the global state. */
  readonly stateSize: number;
  /** Entries of the forecast block ({@link FORECAST_FEATURE_SIZE} with `forecastFeatures: "lookahead"`, else 0). */
  readonly forecastSize: number;
  /** First entry of the forecast block in an agent's observation (`OBSERVATION_INDEX.forecastStart`). */
  readonly forecastStart: number;
  /** First entry of the forecast block in the global state (after the consumers' entries). */
  readonly stateForecastStart: number;
  /** First entry communication adds to an agent's observation, and how many it adds. */
  readonly messagesStart: number;
  readonly messageSize: number;
}

/**
 * The size limit of the observation and state buffers. An enum, like the indexes, so the bundler writes the numbers
 * where they are used: V8 reads a module constant at run time and could not bound a mask read that way.
 */
export enum BUFFER_LIMIT {
  /** The most entries an observation or state buffer may have: 2^30 (4 GiB of float32); the kernel refuses more. */
  maxEntries = 0x40000000,
  /**
   * `offset & offsetMask` is `offset` for every offset into such a buffer, and tells V8 so: `offset + k` with a
   * constant `k` then needs no overflow check and no sign extension before its store (the observation writer: 11%
   * of its instructions).
   */
  offsetMask = 0x3fffffff,
}

/** The observation layout of configuration `config` with `numConsumers` consumers. */
export function observationLayout(config: Pick<GridConfig, "communication" | "forecastFeatures">, numConsumers: number): ObservationLayout {
  const numAgents = numConsumers + 2;
  const forecastSize = config.forecastFeatures === "lookahead" ? FORECAST_FEATURE_SIZE : 0;
  const stateForecastStart = BASE_STATE_SIZE + numConsumers;
  const stateSize = stateForecastStart + forecastSize;
  const messagesStart = OBSERVATION_INDEX.forecastStart + forecastSize;
  const messageSize = config.communication === "broadcast" ? numAgents + 1 : config.communication === "global-state" ? stateSize : 0;
  return {
    observationSize: messagesStart + messageSize,
    stateSize,
    forecastSize,
    forecastStart: OBSERVATION_INDEX.forecastStart,
    stateForecastStart,
    messagesStart,
    messageSize,
  };
}
