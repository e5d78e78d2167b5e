import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv, splitCsvLine } from "./csv.js";
import { formatCsv, formatCsvField, formatCsvLines, formatCsvRow } from "./csv-write.js";

describe("formatCsvField", () => {
  it("writes plain text, numbers at full precision, booleans, and null or undefined as an empty field", () => {
    expect(formatCsvField("idle")).toBe("idle");
    expect(formatCsvField(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatCsvField(-1.5e-7)).toBe("-1.5e-7");
    expect(formatCsvField(Number.NaN)).toBe("NaN");
    expect(formatCsvField(true)).toBe("true");
    expect(formatCsvField(null)).toBe("");
    expect(formatCsvField(undefined)).toBe("");
    expect(formatCsvField("")).toBe("");
  });

  it("quotes a field with a comma, a quote, a carriage return or a line feed, doubling the quotes (RFC 4180)", () => {
    expect(formatCsvField("a,b")).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField("two\nlines")).toBe('"two\nlines"');
    expect(formatCsvField("carriage\rreturn")).toBe('"carriage\rreturn"');
    expect(formatCsvField('"')).toBe('""""');
  });

  it("leaves spaces, semicolons and other punctuation unquoted", () => {
    expect(formatCsvField("seed 1; seed 2")).toBe("seed 1; seed 2");
    expect(formatCsvField("price (USD/kWh)")).toBe("price (USD/kWh)");
  });
});

describe("formatCsv", () => {
  it("writes the header, then one record per row, each ended by a line feed", () => {
    expect(formatCsv(["policy", "costUsd"], [["idle", 12.5], ["rule, tuned", null]])).toBe('policy,costUsd\nidle,12.5\n"rule, tuned",\n');
  });

  it("writes only the header when there are no rows", () => {
    expect(formatCsv(["a", "b"], [])).toBe("a,b\n");
  });

  it("agrees with formatCsvLines over rows formatted one at a time", () => {
    const rows = [["x", 1], ["y,z", 2]];
    expect(formatCsvLines(formatCsvRow(["name", "value"]), rows.map(formatCsvRow))).toBe(formatCsv(["name", "value"], rows));
  });
});

describe("round trip through parseCsv", () => {
  it("reads back quoted commas, quotes and line breaks, with each row's starting line", () => {
    const rows = [
      ["a,b", 'quote "q"'],
      ["first\nsecond", "carriage\rreturn"],
      ["", "last"],
    ];
    const document = parseCsv(formatCsv(["left", "right"], rows), "memory.csv");
    expect(document.header).toEqual(["left", "right"]);
    expect(document.rows.map((row) => row.cells)).toEqual(rows);
    expect(document.rows.map((row) => row.line)).toEqual([2, 3, 5]);
  });

  it("reads back any fields (without surrounding spaces, which the reader trims)", () => {
    const field = fc
      .string({ unit: fc.constantFrom("a", "7", ".", " ", ",", '"', "\n", "é") })
      .filter((text) => text.trim() === text);
    const table = fc.integer({ min: 2, max: 4 }).chain((columns) => fc.array(fc.array(field, { minLength: columns, maxLength: columns }), { maxLength: 6 }));
    fc.assert(
      fc.property(table, (rows) => {
        const header = Array.from({ length: rows[0]?.length ?? 2 }, (_, index) => `column${index}`);
        const document = parseCsv(formatCsv(header, rows), "memory.csv");
        expect(document.header).toEqual(header);
        expect(document.rows.map((row) => row.cells)).toEqual(rows);
      }),
    );
  });

  it("reads numbers back to the same value", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 5 }), (values) => {
        const cells = splitCsvLine(formatCsvRow(values));
        expect(cells.map(Number)).toEqual(values.map((value) => (Object.is(value, -0) ? 0 : value)));
      }),
    );
  });

  it("names the line of a quoted field that is never closed", () => {
    expect(() => parseCsv('a,b\n1,2\n"open,3\n4,5\n', "broken.csv")).toThrow(/broken\.csv:3: a quoted field is never closed/);
  });
});
