/** A timestamp read from text: the instant, and the local clock hour it was written in. */
export interface ParsedTimestamp {
  /** Milliseconds since the Unix epoch (UTC). A timestamp without an offset is read as UTC. */
  epochMs: number;
  /** The clock hour as written (local time), in [0, 24). */
  hourOfDay: number;
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 timestamp (`2026-07-01T00:15:00`, `2026-07-01 00:15`, `...Z`, `...+02:00`).
 * The clock time as written is the local time of the data; an offset, when present, fixes the instant.
 * Returns undefined when the text is not such a timestamp or names an impossible date or time.
 */
export function parseTimestamp(text: string): ParsedTimestamp | undefined {
  const match = ISO_TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "0", offset] = match;
  const clockMs = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Math.round(Number(`0.${fraction}`) * 1000),
  );
  const check = new Date(clockMs);
  if (
    check.getUTCFullYear() !== Number(year) ||
    check.getUTCMonth() !== Number(month) - 1 ||
    check.getUTCDate() !== Number(day) ||
    check.getUTCHours() !== Number(hour) ||
    check.getUTCMinutes() !== Number(minute)
  ) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (offset && offset !== "Z") {
    const sign = offset[0] === "-" ? -1 : 1;
    const digits = offset.slice(1).replace(":", "");
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  return {
    epochMs: clockMs - offsetMinutes * 60_000,
    hourOfDay: Number(hour) + Number(minute) / 60 + Number(second) / 3600,
  };
}

/** ISO 8601 text of an instant, UTC (for messages). */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(".000Z", "Z");
}
