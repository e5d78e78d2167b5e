/**
 * Where each entry of an agent's observation is. Entries before `ownStart` are the feeder's, the same for every
 * agent and the same as the global state's first entries ({@link STATE_INDEX}); from `ownStart` on they are the
 * agent's own: a consumer's base load, flexibility used and backlog (a producer's 0, 0, state of charge; the
 * operator's 0, 0, net import), then from `messagesStart` what communication adds.
 */
export const OBSERVATION_INDEX = {
  hourSin: 0,
  hourCos: 1,
  /** The feeder's base load / the table's largest. */
  feederLoad: 2,
  /** Solar / the table's largest. */
  solar: 3,
  /** The one-hour solar forecast / the table's largest solar (with forecast noise). */
  solarForecast: 4,
  /** The day-ahead price's z-score. */
  priceZ: 5,
  batterySoc: 6,
  /** The previous step's net import / feeder capacity. */
  netImport: 7,
  /** First of the agent's own entries. */
  ownStart: 8,
  /** A consumer's base load / the feeder's largest (0 for the producer and the operator). */
  ownLoad: 8,
  /** A consumer's flexibility used / budget (0 for the producer and the operator). */
  ownFlexUsed: 9,
  /** A consumer's backlog / budget in `shift` mode (else 0); the producer's state of charge; the operator's net import. */
  ownSignal: 10,
  /** First entry communication adds (broadcast: every agent's last action, then the price; global state: the state). */
  messagesStart: 11,
} as const;

/** Where each entry of the global state is: the feeder's entries of {@link OBSERVATION_INDEX}, then each consumer's flexibility used / budget. */
export const STATE_INDEX = {
  hourSin: OBSERVATION_INDEX.hourSin,
  hourCos: OBSERVATION_INDEX.hourCos,
  feederLoad: OBSERVATION_INDEX.feederLoad,
  solar: OBSERVATION_INDEX.solar,
  solarForecast: OBSERVATION_INDEX.solarForecast,
  priceZ: OBSERVATION_INDEX.priceZ,
  batterySoc: OBSERVATION_INDEX.batterySoc,
  netImport: OBSERVATION_INDEX.netImport,
  /** Consumer c's flexibility used / budget is at `consumerFlexUsedStart + c`. */
  consumerFlexUsedStart: OBSERVATION_INDEX.ownStart,
} as const;

/** Local observation entries every agent has (the article's 11). */
export const LOCAL_OBSERVATION_SIZE = OBSERVATION_INDEX.messagesStart;
/** Global-state entries before the per-consumer flexibility (the article's 8). */
export const BASE_STATE_SIZE = STATE_INDEX.consumerFlexUsedStart;
