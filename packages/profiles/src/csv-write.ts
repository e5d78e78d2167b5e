/**
 * The one CSV writer of the repository (summary tables, ablation tables, step traces). RFC 4180 quoting: a field
 * holding a comma, a double quote, a carriage return or a line feed is wrapped in double quotes, with each quote
 * inside doubled; every other field is written as it is. Records end with "\n" (not RFC 4180's "\r\n": the files
 * written before this writer used "\n", and `parseCsv` reads both).
 */

/** A value a CSV field can hold: numbers are written at full precision (`String(value)`), `null`/`undefined` as an empty field. */
export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted only when it must be (RFC 4180). */
export function formatCsvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record: its fields joined by commas, without the line ending. */
export function formatCsvRow(values: readonly CsvValue[]): string {
  let line = "";
  for (let index = 0; index < values.length; index++) {
    if (index > 0) line += ",";
    line += formatCsvField(values[index]);
  }
  return line;
}

/** A whole file: the header, then one record per row, each ended by "\n". */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return formatCsvLines(formatCsvRow(header), rows.map(formatCsvRow));
}

/** A whole file from records already formatted with {@link formatCsvRow} (for writers that build rows as they go). */
export function formatCsvLines(headerLine: string, rowLines: readonly string[]): string {
  return `${[headerLine, ...rowLines].join("\n")}\n`;
}
