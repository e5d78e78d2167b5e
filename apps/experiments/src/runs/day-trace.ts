import { formatLocalTimestamp } from "@grid/profiles";
import { z } from "zod";
import { roundDecimals } from "../format.js";

/**
 * Test days a run records step by step for the report's day viewer (the first ones evaluated). A week of days keeps a
 * 3-consumer run's record near 25 kB and a study's results folder small; quick mode evaluates 5 days, all recorded.
 */
export const RECORDED_DAYS = 7;

/** Decimals kept per quantity: 10 W, 0.1% of charge, 0.01 cent/kWh (below what any figure or sentence shows). */
const DECIMALS = { kw: 2, soc: 3, price: 4 } as const;

const series = z.array(z.number());

/** One evaluated test day, step by step (the day's first step first). */
export const dayTraceSchema = z.object({
  /** The day's local date, `YYYY-MM-DD` (the profile's time zone). */
  date: z.string(),
  /** Feeder import per step, kW (negative: export). */
  netImportKw: series,
  /** The shared battery's state of charge per step, fraction of capacity. */
  batterySoc: series,
  /** Retail price consumers pay per step (day-ahead price plus the operator's tariff adder), $/kWh. */
  retailPriceUsdPerKwh: series,
  /** Day-ahead price per step, $/kWh. */
  dayAheadPriceUsdPerKwh: series,
  /** Power the feeder guard moved to keep the feeder within its limits, per step, kW (0 without a guard). */
  guardCorrectionKw: series,
  /** Each consumer's flexible load change per step, kW (negative: curtailed or deferred): [consumer][step]. */
  flexDeltaKw: z.array(series),
});

/** The recorded test days of a run, with what the day viewer draws them against. */
export const dayTracesSchema = z.object({
  /** Length of a step, hours. */
  stepHours: z.number().positive(),
  /** The feeder's import capacity, kW. */
  feederCapacityKw: z.number(),
  /** The feeder's export limit, kW (export beyond it is a violation). */
  exportLimitKw: z.number(),
  /** The consumers' ids, in the order of `flexDeltaKw`. */
  consumerIds: z.array(z.string()),
  days: z.array(dayTraceSchema),
});

export type DayTrace = z.infer<typeof dayTraceSchema>;
export type DayTraces = z.infer<typeof dayTracesSchema>;

/** What the trace CSV does not say: the feeder's limits, the consumers (as the traces record them) and the profile's time zone. */
export type DayTraceContext = Omit<DayTraces, "days"> & { timeZone: string };

/**
 * The first `maxDays` episodes of an evaluation's trace CSV (`evaluatePolicy`'s `traceCsvPath`: one row per step,
 * grouped by episode), rounded to the decimals the report can show.
 */
export function readDayTraces(csv: string, context: DayTraceContext, maxDays = RECORDED_DAYS): DayTraces {
  const [headerLine, ...lines] = csv.trimEnd().split("\n");
  const header = headerLine.split(",");
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`trace CSV: no column "${name}"; columns: ${header.join(", ")}`);
    return index;
  };
  const at = {
    episode: column("episode"),
    timestamp: column("timestamp"),
    netImportKw: column("netImportKw"),
    batterySoc: column("batterySoc"),
    retail: column("retailPriceUsdPerKwh"),
    dayAhead: column("dayAheadPriceUsdPerKwh"),
    guard: column("guardCorrectionKw"),
    flex: context.consumerIds.map((_, consumer) => column(`flexDeltaKw_${consumer}`)),
  };
  const days: DayTrace[] = [];
  for (const line of lines) {
    const cells = line.split(",");
    const episode = Number(cells[at.episode]);
    if (episode >= maxDays) continue;
    let day = days[episode];
    if (!day) {
      const date = formatLocalTimestamp(Date.parse(cells[at.timestamp]), context.timeZone).slice(0, 10);
      day = { date, netImportKw: [], batterySoc: [], retailPriceUsdPerKwh: [], dayAheadPriceUsdPerKwh: [], guardCorrectionKw: [], flexDeltaKw: at.flex.map(() => []) };
      days[episode] = day;
    }
    const value = (index: number, decimals: number) => roundDecimals(Number(cells[index]), decimals);
    day.netImportKw.push(value(at.netImportKw, DECIMALS.kw));
    day.batterySoc.push(value(at.batterySoc, DECIMALS.soc));
    day.retailPriceUsdPerKwh.push(value(at.retail, DECIMALS.price));
    day.dayAheadPriceUsdPerKwh.push(value(at.dayAhead, DECIMALS.price));
    day.guardCorrectionKw.push(value(at.guard, DECIMALS.kw));
    at.flex.forEach((index, consumer) => {
      day.flexDeltaKw[consumer].push(value(index, DECIMALS.kw));
    });
  }
  const { timeZone: _timeZone, ...limits } = context;
  return { ...limits, days: days.filter(Boolean) };
}
