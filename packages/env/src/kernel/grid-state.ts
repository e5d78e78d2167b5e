/**
 * Everything that changes from step to step, for `numEnvs` environment copies, as a plain value of typed arrays:
 * what a step reads and writes besides the fixed grid data. Copying one env's state into another
 * ({@link copyGridState}) makes the second step exactly as the first would.
 *
 * A class, like the kernel's other buffers, so that V8 keeps each field's kind (this Float64Array, that Int32Array)
 * for every instance: an object literal loses it from the second environment a process builds on, and every stage
 * then checks each array's kind again inside its loop (the env README, "What a stage costs").
 */
export class GridState {
  readonly numEnvs: number;
  readonly numConsumers: number;
  readonly numAgents: number;
  /** Slots of the message history: `communicationDelaySteps + 1`. */
  readonly messageSlots: number;
  /** Profile step where each env's episode started. */
  readonly startStep: Int32Array;
  /** Steps taken in each env's episode. */
  readonly stepInEpisode: Int32Array;
  /** Battery state of charge, fraction. */
  readonly soc: Float64Array;
  /** Net import of the previous step, kW. */
  readonly prevNetImportKw: Float64Array;
  /** Flexibility used this episode, [env][consumer], kWh. */
  readonly flexUsedKwh: Float64Array;
  /** `shift` mode: energy deferred and not yet served, [env][consumer], kWh (negative: served in advance). */
  readonly backlogKwh: Float64Array;
  /** 1 while an env without auto-reset has finished its episode. */
  readonly finished: Uint8Array;
  /** Retail price of the previous step, $/kWh (what broadcast communication shows). */
  readonly lastRetailPrice: Float64Array;
  /** Broadcast action history, [slot][agent][env], newest at `messageHead`. */
  readonly messageHistory: Float32Array;
  /** The slot of `messageHistory` written last (one for every env, as every env steps together). */
  messageHead: number;

  /** A zeroed state for `numEnvs` copies with `numConsumers` consumers, `numAgents` agents and `messageSlots` history slots. */
  constructor(numEnvs: number, numConsumers: number, numAgents: number, messageSlots: number) {
    this.numEnvs = numEnvs;
    this.numConsumers = numConsumers;
    this.numAgents = numAgents;
    this.messageSlots = messageSlots;
    this.startStep = new Int32Array(numEnvs);
    this.stepInEpisode = new Int32Array(numEnvs);
    this.soc = new Float64Array(numEnvs);
    this.prevNetImportKw = new Float64Array(numEnvs);
    this.flexUsedKwh = new Float64Array(numEnvs * numConsumers);
    this.backlogKwh = new Float64Array(numEnvs * numConsumers);
    this.finished = new Uint8Array(numEnvs);
    this.lastRetailPrice = new Float64Array(numEnvs);
    this.messageHistory = new Float32Array(messageSlots * numAgents * numEnvs);
    this.messageHead = 0;
  }
}

/**
 * Copies env `sourceEnv` of `source` into env `targetEnv` of `target` (states of environments with the same
 * consumers, agents and communication delay): episode position, battery, previous import, flexibility used,
 * backlog, whether it finished, the last retail price and its message history (aligned on each state's newest slot).
 */
export function copyGridState(source: GridState, sourceEnv: number, target: GridState, targetEnv: number): void {
  const numConsumers = source.numConsumers;
  if (target.numConsumers !== numConsumers || target.numAgents !== source.numAgents || target.messageSlots !== source.messageSlots) {
    throw new Error(
      `copyGridState: a state of ${numConsumers} consumers, ${source.numAgents} agents and ${source.messageSlots} message slots cannot be copied into one of ${target.numConsumers}, ${target.numAgents} and ${target.messageSlots}`,
    );
  }
  target.startStep[targetEnv] = source.startStep[sourceEnv];
  target.stepInEpisode[targetEnv] = source.stepInEpisode[sourceEnv];
  target.soc[targetEnv] = source.soc[sourceEnv];
  target.prevNetImportKw[targetEnv] = source.prevNetImportKw[sourceEnv];
  target.finished[targetEnv] = source.finished[sourceEnv];
  target.lastRetailPrice[targetEnv] = source.lastRetailPrice[sourceEnv];
  for (let c = 0; c < numConsumers; c++) {
    target.flexUsedKwh[targetEnv * numConsumers + c] = source.flexUsedKwh[sourceEnv * numConsumers + c];
    target.backlogKwh[targetEnv * numConsumers + c] = source.backlogKwh[sourceEnv * numConsumers + c];
  }
  const slots = source.messageSlots;
  const numAgents = source.numAgents;
  for (let back = 0; back < slots; back++) {
    const sourceSlot = (source.messageHead - back + slots) % slots;
    const targetSlot = (target.messageHead - back + slots) % slots;
    for (let agent = 0; agent < numAgents; agent++) {
      target.messageHistory[(targetSlot * numAgents + agent) * target.numEnvs + targetEnv] =
        source.messageHistory[(sourceSlot * numAgents + agent) * source.numEnvs + sourceEnv];
    }
  }
}
