/** One problem found in a data file: where it is and what was expected. */
export interface DataIssue {
  file: string;
  /** 1-based line number in the file (the header is line 1). */
  line?: number;
  column?: string;
  message: string;
}

/** Thrown when a data file is rejected; `issues` lists every problem found (nothing is half-loaded). */
export class DataFileError extends Error {
  readonly issues: DataIssue[];
  constructor(issues: DataIssue[], limit = 20) {
    const lines = issues.slice(0, limit).map(formatIssue);
    if (issues.length > limit) lines.push(`... and ${issues.length - limit} more problems`);
    super(`${issues.length} problem${issues.length === 1 ? "" : "s"} in the data:\n${lines.join("\n")}`);
    this.name = "DataFileError";
    this.issues = issues;
  }
}

export function formatIssue(issue: DataIssue): string {
  const where = [issue.file, issue.line !== undefined ? String(issue.line) : undefined].filter(Boolean).join(":");
  return `${where}${issue.column !== undefined ? ` column "${issue.column}"` : ""}: ${issue.message}`;
}

/** A parsed CSV: the header, and each row's cells with its 1-based line number. */
export interface CsvDocument {
  file: string;
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/** Splits one CSV record (RFC 4180 quotes supported; a quoted field may hold line breaks). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(current);
      current = "";
    } else current += char;
  }
  cells.push(current);
  return cells.map((cell) => cell.trim());
}

function quoteCount(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) if (line[i] === '"') count++;
  return count;
}

/**
 * The text's records, each with the 1-based line it starts on: physical lines, except that a quoted field with
 * line breaks in it (an odd number of quotes so far) continues the record onto the next lines, joined by "\n".
 */
function csvRecords(text: string, file: string): { line: number; text: string }[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const records: { line: number; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let record = lines[i];
    let quotes = quoteCount(record);
    while (quotes % 2 === 1 && i + 1 < lines.length) {
      i++;
      record += `\n${lines[i]}`;
      quotes += quoteCount(lines[i]);
    }
    if (quotes % 2 === 1) {
      throw new DataFileError([{ file, line: start + 1, message: "a quoted field is never closed; expected a closing double quote" }]);
    }
    records.push({ line: start + 1, text: record });
  }
  return records;
}

/**
 * Parses CSV text. Blank lines are skipped (their line numbers still count); a row with the wrong number of
 * cells is an error naming its line. Cells are trimmed.
 */
export function parseCsv(text: string, file: string): CsvDocument {
  const records = csvRecords(text, file).filter((record) => record.text.trim() !== "");
  if (records.length === 0) throw new DataFileError([{ file, message: "the file is empty; expected a header row" }]);
  const header = splitCsvLine(records[0].text);
  const issues: DataIssue[] = [];
  const rows: CsvDocument["rows"] = [];
  for (const record of records.slice(1)) {
    const cells = splitCsvLine(record.text);
    if (cells.length !== header.length) {
      issues.push({ file, line: record.line, message: `${cells.length} cells; the header has ${header.length}` });
      continue;
    }
    rows.push({ line: record.line, cells });
  }
  if (issues.length > 0) throw new DataFileError(issues);
  return { file, header, rows };
}

/**
 * Parses a number cell strictly: a decimal or exponent literal. Empty, `NaN`, `inf` and text are rejected
 * with a message saying what was found.
 */
export function parseNumberCell(cell: string): number | string {
  if (cell === "") return "missing value; expected a number";
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell)) {
    return `"${cell}" is not a finite number`;
  }
  return Number(cell);
}
