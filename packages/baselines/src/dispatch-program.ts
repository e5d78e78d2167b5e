import type { GridConfig, VecGridEnv } from "@grid/env";
import type { LinearSolver } from "./solver.js";

/**
 * One planning problem over `horizonSteps` steps: the feeder's physics written as linear constraints (the only
 * such model in the project; `optimal` and `mpc` both build it). Everything per step is laid out [step] or
 * [step][consumer].
 */
export interface DispatchProblem {
  /** The environment configuration whose battery, feeder and flexibility limits apply. */
  config: GridConfig;
  /** Steps planned. */
  horizonSteps: number;
  /** Number of consumers. */
  numConsumers: number;
  /** Each consumer's base (inflexible) load, [step][consumer], kW. */
  consumerLoadKw: Float64Array;
  /** Feeder solar output, [step], kW. */
  solarKw: Float64Array;
  /** Price paid per kWh imported, [step], $/kWh (the retail price with the tariff adder at 0). */
  importPriceUsdPerKwh: Float64Array;
  /** Each consumer's flexible power, kW. */
  consumerFlexKw: Float64Array;
  /** Flexibility each consumer may still use in the episode, kWh (the budget less what it has used). */
  flexRemainingKwh: Float64Array;
  /** `shift` mode: each consumer's backlog at the start of the horizon, kWh (negative: served in advance). */
  backlogKwh: Float64Array;
  /** Energy in the battery at the start of the horizon, kWh. */
  initialEnergyKwh: number;
  /** Value of energy left in the battery at the end of the horizon, $/kWh (0 at an episode's end). */
  terminalEnergyValueUsdPerKwh: number;
  /**
   * Penalty per kWh of import above the feeder capacity, $/kWh. Large (the default 1000) makes the feeder limit
   * an exact penalty: the plan equals the hard-limited one whenever that exists, and stays solvable when not.
   */
  congestionPenaltyUsdPerKwh: number;
  /** Tie-breaking penalty per kWh of export above the limit (spilled solar), $/kWh (small: 1e-4). */
  spillPenaltyUsdPerKwh: number;
}

/**
 * Margins the program keeps from the environment's limits so a replayed plan does not cross them by rounding
 * (actions travel as float32): feeder capacity and export limit, kW; flexibility budget, kWh.
 */
export const PLAN_MARGIN = { limitKw: 1e-4, budgetKwh: 1e-5 } as const;

/** The solution of a {@link DispatchProblem}. */
export interface DispatchPlan {
  /** HiGHS's model status name (`optimal` when solved). */
  status: string;
  /** Battery power at the grid side per step, kW (positive: discharge), what the env's producer action sets. */
  batteryDispatchKw: Float64Array;
  /** Each consumer's flexibility per step, [step][consumer], kW (negative: deferred or curtailed). */
  flexDeltaKw: Float64Array;
  /** Planned net import per step, kW. */
  netImportKw: Float64Array;
  /** Planned battery energy after each step, kWh. */
  energyKwh: Float64Array;
  /** Planned cost of imports, sum of price x import x dtHours, $: what the env measures as energy cost. */
  energyCostUsd: number;
  /** The program's objective (energy cost plus degradation, penalties, less terminal value), $. */
  objectiveUsd: number;
  /** Columns and rows of the program. */
  numColumns: number;
  numRows: number;
  /** Wall-clock time to build and solve, milliseconds. */
  solveMs: number;
}

/** Thrown when a planner cannot model a configuration or the program has no solution; says which and why. */
export class PlanningError extends Error {
  override name = "PlanningError";
}

const STATUS_NAMES: Record<number, string> = {
  0: "not set",
  1: "load error",
  2: "model error",
  3: "presolve error",
  4: "solve error",
  5: "postsolve error",
  6: "empty",
  7: "optimal",
  8: "infeasible",
  9: "unbounded or infeasible",
  10: "unbounded",
  11: "objective bound",
  12: "objective target",
  13: "time limit",
  14: "iteration limit",
};

/**
 * Rejects configurations the linear program cannot represent, naming the field. Every option of the
 * environment's physics is linear (battery efficiency, self-discharge, degradation cost, curtail and shift
 * flexibility, feeder and export limits, the minimum consumer load); what is not: a self-discharge so strong the
 * battery empties within one step.
 */
export function checkPlannable(config: GridConfig): void {
  const retention = 1 - config.batterySelfDischargePerHour * config.dtHours;
  if (retention <= 0) {
    throw new PlanningError(
      `config.batterySelfDischargePerHour: ${config.batterySelfDischargePerHour} per hour empties the battery within one step of ${config.dtHours} h; the linear program needs batterySelfDischargePerHour x dtHours < 1`,
    );
  }
}

// Column layout per step: net import (0), import (1), congestion (2), spill (3), charge, discharge, energy, then
// up and down flexibility per consumer. After all steps, in shift mode: unserved and advance per consumer.
const NET = 0;
const CHARGE = 4;
const DISCHARGE = 5;
const ENERGY = 6;
const STEP_FIXED = 7;
// Row layout per step: balance, import, feeder, spill, energy; then one budget row per consumer, then in shift
// mode one backlog row per consumer.
const ROW_BALANCE = 0;
const ROW_IMPORT = 1;
const ROW_FEEDER = 2;
const ROW_SPILL = 3;
const ROW_ENERGY = 4;
const STEP_ROWS = 5;

/** The program in HiGHS's column-compressed form, ready for `createModel`. */
export interface DispatchModel {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  matrix: { format: "csc"; numRows: number; numCols: number; starts: Int32Array; indices: Int32Array; values: Float64Array };
}

/**
 * Writes the problem as a linear program (minimise; see the package README for the formulation):
 *
 * - balance: net_t = sum_c (L_tc + up_tc - down_tc) - solar_t - (discharge_t - charge_t), with
 *   L_tc = max(load_tc, minConsumerLoadKw) and down_tc <= max(0, load_tc - minConsumerLoadKw);
 * - import_t >= net_t, import_t >= 0; net_t - congestion_t <= feederCapacityKw; spill_t >= -net_t - exportLimitKw;
 * - energy_t = r (energy_{t-1} + eta_c dt charge_t - dt / eta_d discharge_t), 0 <= energy_t <= r capacity,
 *   r = 1 - selfDischarge x dt, eta = sqrt(round-trip efficiency);
 * - sum_t (up_tc + down_tc) dt <= remaining budget_c;
 * - shift: backlog_c + sum_t (down_tc - up_tc) dt = unserved_c - advance_c;
 * - minimise sum_t price_t import_t dt + degradation (charge + discharge) dt + penalties - terminal value.
 */
export function buildDispatchModel(problem: DispatchProblem, infinity: number): DispatchModel {
  checkPlannable(problem.config);
  const layout = dispatchLayout(problem);
  const columns = new ColumnWriter(layout.numCols, layout.maxEntries);
  const rows = { lower: new Float64Array(layout.numRows), upper: new Float64Array(layout.numRows) };
  for (let t = 0; t < problem.horizonSteps; t++) {
    writeFeederColumns(columns, problem, layout, t, infinity);
    writeBatteryColumns(columns, problem, layout, t);
    const fixedLoadKw = writeFlexibilityColumns(columns, problem, layout, t);
    writeStepRows(rows, problem, layout, t, fixedLoadKw, infinity);
  }
  for (let c = 0; c < problem.numConsumers; c++) {
    rows.lower[layout.budgetRow + c] = -infinity;
    rows.upper[layout.budgetRow + c] = Math.max(0, problem.flexRemainingKwh[c] - PLAN_MARGIN.budgetKwh);
  }
  if (layout.shift) writeBacklogColumns(columns, rows, problem, layout, infinity);
  const { numCols, numRows } = layout;
  return { numCols, numRows, colCost: columns.cost, colLower: columns.lower, colUpper: columns.upper, rowLower: rows.lower, rowUpper: rows.upper, matrix: columns.matrix(numRows) };
}

/** The program's shape for a problem: columns and rows, where the budget and backlog rows start, and the battery's constants. */
interface DispatchLayout {
  dt: number;
  shift: boolean;
  /** Battery energy kept over a step (1 - self-discharge x dt), and the one-way efficiency (sqrt of round trip). */
  retention: number;
  efficiency: number;
  reserveKwh: number;
  headroomKwh: number;
  numCols: number;
  numRows: number;
  budgetRow: number;
  backlogRow: number;
  /** An upper bound on the matrix's non-zeros. */
  maxEntries: number;
}

function dispatchLayout({ config, horizonSteps, numConsumers }: DispatchProblem): DispatchLayout {
  const dt = config.dtHours;
  const shift = config.flexibilityMode === "shift";
  const perStep = STEP_FIXED + 2 * numConsumers;
  const budgetRow = horizonSteps * STEP_ROWS;
  const backlogRow = budgetRow + numConsumers;
  const flexEntries = shift ? 3 : 2;
  return {
    dt,
    shift,
    retention: 1 - config.batterySelfDischargePerHour * dt,
    efficiency: Math.sqrt(config.batteryRoundTripEfficiency),
    reserveKwh: config.batteryReserveFraction * config.batteryCapacityKwh,
    headroomKwh: config.batteryHeadroomFraction * config.batteryCapacityKwh,
    numCols: horizonSteps * perStep + (shift ? 2 * numConsumers : 0),
    numRows: backlogRow + (shift ? numConsumers : 0),
    budgetRow,
    backlogRow,
    maxEntries: horizonSteps * (4 + 1 + 1 + 1 + 2 + 2 + 2 + 2 * numConsumers * flexEntries) + 2 * numConsumers,
  };
}

/** The matrix written column by column (HiGHS's compressed sparse columns), with each column's cost and bounds. */
class ColumnWriter {
  readonly cost: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  private readonly starts: Int32Array;
  private readonly indices: Int32Array;
  private readonly values: Float64Array;
  private entries = 0;
  private column = 0;

  constructor(numCols: number, maxEntries: number) {
    this.cost = new Float64Array(numCols);
    this.lower = new Float64Array(numCols);
    this.upper = new Float64Array(numCols);
    this.starts = new Int32Array(numCols + 1);
    this.indices = new Int32Array(maxEntries);
    this.values = new Float64Array(maxEntries);
  }

  /** Starts the next column with its cost and bounds. */
  open(cost: number, lower: number, upper: number): void {
    this.starts[this.column] = this.entries;
    this.cost[this.column] = cost;
    this.lower[this.column] = lower;
    this.upper[this.column] = upper;
    this.column++;
  }

  /** Puts `value` at row `row` of the open column. */
  add(row: number, value: number): void {
    this.indices[this.entries] = row;
    this.values[this.entries] = value;
    this.entries++;
  }

  /** The finished matrix (every column opened). */
  matrix(numRows: number): DispatchModel["matrix"] {
    const numCols = this.cost.length;
    this.starts[numCols] = this.entries;
    return { format: "csc", numRows, numCols, starts: this.starts, indices: this.indices.subarray(0, this.entries), values: this.values.subarray(0, this.entries) };
  }
}

/** Step `t`'s feeder columns: net import, import (at the price), congestion and spill (at their penalties). */
function writeFeederColumns(columns: ColumnWriter, problem: DispatchProblem, { dt }: DispatchLayout, t: number, infinity: number): void {
  const rows = t * STEP_ROWS;
  columns.open(0, -infinity, infinity); // net import
  columns.add(rows + ROW_BALANCE, 1);
  columns.add(rows + ROW_IMPORT, -1);
  columns.add(rows + ROW_FEEDER, 1);
  columns.add(rows + ROW_SPILL, 1);
  columns.open(problem.importPriceUsdPerKwh[t] * dt, 0, infinity); // import
  columns.add(rows + ROW_IMPORT, 1);
  columns.open(problem.congestionPenaltyUsdPerKwh * dt, 0, infinity); // congestion
  columns.add(rows + ROW_FEEDER, -1);
  columns.open(problem.spillPenaltyUsdPerKwh * dt, 0, infinity); // spill
  columns.add(rows + ROW_SPILL, 1);
}

/** Step `t`'s battery columns: charge and discharge (at the degradation cost), then the energy after the step. */
function writeBatteryColumns(columns: ColumnWriter, problem: DispatchProblem, layout: DispatchLayout, t: number): void {
  const { config, horizonSteps } = problem;
  const { dt, retention, efficiency } = layout;
  const rows = t * STEP_ROWS;
  const wearDt = config.batteryDegradationUsdPerKwh * dt;
  columns.open(wearDt, 0, config.batteryMaxKw); // charge
  columns.add(rows + ROW_BALANCE, -1);
  columns.add(rows + ROW_ENERGY, -retention * efficiency * dt);
  columns.open(wearDt, 0, config.batteryMaxKw); // discharge
  columns.add(rows + ROW_BALANCE, 1);
  columns.add(rows + ROW_ENERGY, (retention * dt) / efficiency);
  const last = t === horizonSteps - 1;
  // The producer discharges no lower than the backup reserve and charges no higher than the headroom allows (or
  // the starting energy, as it decays, where that is outside them).
  const decayedKwh = problem.initialEnergyKwh * retention ** (t + 1);
  const floorKwh = Math.min(layout.reserveKwh * retention, decayedKwh);
  const ceilingKwh = Math.max(retention * (config.batteryCapacityKwh - layout.headroomKwh), decayedKwh);
  columns.open(last ? -problem.terminalEnergyValueUsdPerKwh : 0, floorKwh, ceilingKwh); // energy
  columns.add(rows + ROW_ENERGY, 1);
  if (!last) columns.add(rows + STEP_ROWS + ROW_ENERGY, -retention);
}

/** Step `t`'s flexibility columns, every consumer's up then every consumer's down; returns the inflexible load (each at its floor), kW. */
function writeFlexibilityColumns(columns: ColumnWriter, problem: DispatchProblem, layout: DispatchLayout, t: number): number {
  const { config, numConsumers } = problem;
  const { dt, shift, budgetRow, backlogRow } = layout;
  const rows = t * STEP_ROWS;
  let fixedLoadKw = 0;
  for (let c = 0; c < numConsumers; c++) {
    const loadKw = problem.consumerLoadKw[t * numConsumers + c];
    fixedLoadKw += Math.max(loadKw, config.minConsumerLoadKw);
    columns.open(0, 0, problem.consumerFlexKw[c]); // up
    columns.add(rows + ROW_BALANCE, -1);
    columns.add(budgetRow + c, dt);
    if (shift) columns.add(backlogRow + c, -dt);
  }
  for (let c = 0; c < numConsumers; c++) {
    const loadKw = problem.consumerLoadKw[t * numConsumers + c];
    const room = Math.max(0, loadKw - config.minConsumerLoadKw);
    columns.open(0, 0, Math.min(problem.consumerFlexKw[c], room)); // down
    columns.add(rows + ROW_BALANCE, 1);
    columns.add(budgetRow + c, dt);
    if (shift) columns.add(backlogRow + c, dt);
  }
  return fixedLoadKw;
}

/** Step `t`'s rows' bounds: the balance, import, feeder capacity, export limit and energy (the starting energy at step 0). */
function writeStepRows(rows: { lower: Float64Array; upper: Float64Array }, problem: DispatchProblem, layout: DispatchLayout, t: number, fixedLoadKw: number, infinity: number): void {
  const { config } = problem;
  const first = t * STEP_ROWS;
  const balance = fixedLoadKw - problem.solarKw[t];
  rows.lower[first + ROW_BALANCE] = balance;
  rows.upper[first + ROW_BALANCE] = balance;
  rows.lower[first + ROW_IMPORT] = 0;
  rows.upper[first + ROW_IMPORT] = infinity;
  rows.lower[first + ROW_FEEDER] = -infinity;
  rows.upper[first + ROW_FEEDER] = config.feederCapacityKw - PLAN_MARGIN.limitKw;
  rows.lower[first + ROW_SPILL] = -Math.max(0, config.exportLimitKw - PLAN_MARGIN.limitKw);
  rows.upper[first + ROW_SPILL] = infinity;
  const initial = t === 0 ? layout.retention * problem.initialEnergyKwh : 0;
  rows.lower[first + ROW_ENERGY] = initial;
  rows.upper[first + ROW_ENERGY] = initial;
}

/** `shift` mode: each consumer's unserved (at its penalty) and served-in-advance columns, and its backlog row. */
function writeBacklogColumns(columns: ColumnWriter, rows: { lower: Float64Array; upper: Float64Array }, problem: DispatchProblem, layout: DispatchLayout, infinity: number): void {
  for (let c = 0; c < problem.numConsumers; c++) {
    columns.open(problem.config.unservedPenaltyUsdPerKwh, 0, infinity); // unserved backlog
    columns.add(layout.backlogRow + c, -1);
    columns.open(0, 0, infinity); // served in advance
    columns.add(layout.backlogRow + c, 1);
    rows.lower[layout.backlogRow + c] = -problem.backlogKwh[c];
    rows.upper[layout.backlogRow + c] = -problem.backlogKwh[c];
  }
}

/** Builds and solves the problem with HiGHS; throws {@link PlanningError} when it has no optimal solution. */
export function solveDispatch(solver: LinearSolver, problem: DispatchProblem): DispatchPlan {
  const started = performance.now();
  const model = buildDispatchModel(problem, solver.infinity);
  const { horizonSteps, numConsumers } = problem;
  const perStep = STEP_FIXED + 2 * numConsumers;
  const instance = solver.createModel(model);
  let values: Float64Array;
  let objectiveUsd: number;
  let statusCode: number;
  try {
    instance.options.set({ output_flag: false });
    instance.run();
    statusCode = instance.getModelStatus();
    values = instance.getSolution().colValue;
    objectiveUsd = instance.getObjectiveValue();
  } finally {
    instance.dispose();
  }
  const status = STATUS_NAMES[statusCode] ?? `status ${statusCode}`;
  if (statusCode !== 7) {
    throw new PlanningError(
      `the dispatch program over ${horizonSteps} steps ended "${status}" instead of optimal (${model.numCols} columns, ${model.numRows} rows)`,
    );
  }
  const batteryDispatchKw = new Float64Array(horizonSteps);
  const flexDeltaKw = new Float64Array(horizonSteps * numConsumers);
  const netImportKw = new Float64Array(horizonSteps);
  const energyKwh = new Float64Array(horizonSteps);
  let energyCostUsd = 0;
  const dt = problem.config.dtHours;
  for (let t = 0; t < horizonSteps; t++) {
    const base = t * perStep;
    batteryDispatchKw[t] = values[base + DISCHARGE] - values[base + CHARGE];
    netImportKw[t] = values[base + NET];
    energyKwh[t] = values[base + ENERGY];
    energyCostUsd += problem.importPriceUsdPerKwh[t] * Math.max(0, values[base + NET]) * dt;
    for (let c = 0; c < numConsumers; c++) {
      flexDeltaKw[t * numConsumers + c] = values[base + STEP_FIXED + c] - values[base + STEP_FIXED + numConsumers + c];
    }
  }
  return {
    status,
    batteryDispatchKw,
    flexDeltaKw,
    netImportKw,
    energyKwh,
    energyCostUsd,
    objectiveUsd,
    numColumns: model.numCols,
    numRows: model.numRows,
    solveMs: performance.now() - started,
  };
}

/**
 * Reads env `envIndex`'s situation into a problem over its next `horizonSteps` steps (at most what is left of
 * the episode): exact future profiles (`perfect`, the optimum's perfect foresight) or the environment's
 * forecasts (`forecast`, noisy when `forecastNoiseStd` > 0: what a causal planner sees). The battery energy,
 * the flexibility used and the backlog are the env's current state. The tariff adder is fixed at 0, so the
 * import price is the day-ahead price floored at `retailPriceFloorUsdPerKwh`.
 */
export function dispatchProblemFromEnv(
  env: VecGridEnv,
  envIndex: number,
  horizonSteps: number,
  source: "perfect" | "forecast",
  penalties: { congestionPenaltyUsdPerKwh: number; spillPenaltyUsdPerKwh: number; terminalEnergyValueUsdPerKwh?: number },
): DispatchProblem {
  const config = env.config;
  const numConsumers = env.numConsumers;
  const remaining = config.episodeSteps - env.stepInEpisode[envIndex];
  const steps = Math.max(1, Math.min(horizonSteps, remaining));
  const consumerLoadKw = new Float64Array(steps * numConsumers);
  const solarKw = new Float64Array(steps);
  const importPriceUsdPerKwh = new Float64Array(steps);
  const floor = config.retailPriceFloorUsdPerKwh;
  if (source === "perfect") {
    const start = env.currentStep(envIndex);
    for (let h = 0; h < steps; h++) {
      const t = start + h;
      solarKw[h] = env.profiles.solarKw[t];
      importPriceUsdPerKwh[h] = Math.max(floor, env.profiles.dayAheadPriceUsdPerKwh[t]);
      for (let c = 0; c < numConsumers; c++) consumerLoadKw[h * numConsumers + c] = env.consumerLoadKw[c * env.profileLength + t];
    }
  } else {
    const forecast = env.forecast(envIndex, steps);
    consumerLoadKw.set(forecast.consumerLoadKw);
    solarKw.set(forecast.solarKw);
    for (let h = 0; h < steps; h++) importPriceUsdPerKwh[h] = Math.max(floor, forecast.dayAheadPriceUsdPerKwh[h]);
  }
  const flexRemainingKwh = new Float64Array(numConsumers);
  const backlogKwh = new Float64Array(numConsumers);
  for (let c = 0; c < numConsumers; c++) {
    flexRemainingKwh[c] = config.flexBudgetKwh - env.flexUsedKwh[envIndex * numConsumers + c];
    backlogKwh[c] = env.backlogKwh[envIndex * numConsumers + c];
  }
  let terminal = 0;
  if (steps < remaining) {
    if (penalties.terminalEnergyValueUsdPerKwh !== undefined) terminal = penalties.terminalEnergyValueUsdPerKwh;
    else {
      for (let h = 0; h < steps; h++) terminal += importPriceUsdPerKwh[h];
      terminal /= steps;
    }
  }
  return {
    config,
    horizonSteps: steps,
    numConsumers,
    consumerLoadKw,
    solarKw,
    importPriceUsdPerKwh,
    consumerFlexKw: env.consumerFlexKw,
    flexRemainingKwh,
    backlogKwh,
    initialEnergyKwh: env.soc[envIndex] * config.batteryCapacityKwh,
    terminalEnergyValueUsdPerKwh: terminal,
    congestionPenaltyUsdPerKwh: penalties.congestionPenaltyUsdPerKwh,
    spillPenaltyUsdPerKwh: penalties.spillPenaltyUsdPerKwh,
  };
}
