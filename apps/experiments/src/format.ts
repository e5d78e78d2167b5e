/**
 * Numbers for people: every figure the CLI prints or the report shows goes through these, so that a rating read as
 * 2.4000000000000004 prints as 2.4 and an interval's bounds carry as many decimals as its mean. Pure functions, no
 * Node or DOM APIs (the report page uses them too).
 */

/** Significant digits shown by default: enough to tell 8.95 from 9.04 $/day, no more than the seeds support. */
export const DEFAULT_SIGNIFICANT_DIGITS = 3;

/** Decimals that show `value` to `significantDigits` significant digits (0 for values with that many integer digits). */
export function decimalsFor(value: number, significantDigits = DEFAULT_SIGNIFICANT_DIGITS): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return Math.min(12, Math.max(0, significantDigits - 1 - magnitude));
}

/** `value` rounded to `significantDigits` significant digits, as a number (for JSON written for people and for plots). */
export function roundSignificant(value: number, significantDigits = DEFAULT_SIGNIFICANT_DIGITS): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(significantDigits));
}

/** `value` rounded to a fixed number of decimals, as a number (-0 becomes 0). */
export function roundDecimals(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** How a number is written. */
export interface NumberFormat {
  /** Significant digits (default 3); integers with more digits keep them all. */
  significantDigits?: number;
  /** Fixed decimals instead of significant digits (e.g. to match an interval's mean). */
  decimals?: number;
  /** Drop trailing zeros after the decimal point (`2.40` -> `2.4`), for settings rather than measurements. */
  trimZeros?: boolean;
  /** A `+` before positive values (differences). */
  signed?: boolean;
}

/**
 * A number for people: `n/a` when not finite, 3 significant digits by default (whole numbers whole), thousands
 * separated in long integers (`800,000`), never in exponent notation for the magnitudes a report shows.
 */
export function formatNumber(value: number, format: NumberFormat = {}): string {
  if (!Number.isFinite(value)) return "n/a";
  // A whole number (a count, a rating of 5 kW) is written whole unless decimals are asked for.
  const decimals = format.decimals ?? (Number.isInteger(value) ? 0 : decimalsFor(value, format.significantDigits));
  let text = roundDecimals(value, decimals).toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: Math.abs(value) >= 10_000,
  });
  if (format.trimZeros && text.includes(".")) text = text.replace(/\.?0+$/, "");
  return format.signed && value > 0 ? `+${text}` : text;
}

/** A number and its unit: `8.95 $/day`, `12 kW`, `9.2%` (a percent sign sticks to its number). */
export function formatQuantity(value: number, unit: string, format: NumberFormat = {}): string {
  const text = formatNumber(value, format);
  if (unit === "" || text === "n/a") return text;
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
}

/**
 * A mean and its interval with the same decimals: as many as show the interval's half-width to 2 significant digits
 * (the seeds' uncertainty), at most the mean's `significantDigits + 2`: `8.95 [8.66, 9.23]`, `63 [-215, 341]`.
 */
export function formatInterval(mean: number, low: number, high: number, significantDigits = DEFAULT_SIGNIFICANT_DIGITS): string {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low === high) return formatNumber(mean, { significantDigits });
  const halfWidthDecimals = decimalsFor((high - low) / 2, 2);
  const decimals = mean === 0 ? halfWidthDecimals : Math.min(halfWidthDecimals, decimalsFor(mean, significantDigits + 2));
  return `${formatNumber(mean, { decimals })} [${formatNumber(low, { decimals })}, ${formatNumber(high, { decimals })}]`;
}

/** A p-value: `< 0.001`, else 2 significant digits (`0.0041`, `0.32`, `1`). */
export function formatPValue(pValue: number): string {
  if (!Number.isFinite(pValue)) return "n/a";
  if (pValue < 0.001) return "< 0.001";
  return formatNumber(pValue, { significantDigits: 2, trimZeros: true });
}
