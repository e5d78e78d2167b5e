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

/** Splits one CSV line (RFC 4180 quotes supported; no newlines inside quotes). */
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

/**
 * Parses CSV text. Blank lines are skipped (their line numbers still count); a row with the wrong number of
 * cells is an error naming its line.
 */
export function parseCsv(text: string, file: string): CsvDocument {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== "");
  if (headerIndex < 0) throw new DataFileError([{ file, message: "the file is empty; expected a header row" }]);
  const header = splitCsvLine(lines[headerIndex]);
  const issues: DataIssue[] = [];
  const rows: CsvDocument["rows"] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = splitCsvLine(lines[i]);
    if (cells.length !== header.length) {
      issues.push({ file, line: i + 1, message: `${cells.length} cells; the header has ${header.length}` });
      continue;
    }
    rows.push({ line: i + 1, cells });
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
