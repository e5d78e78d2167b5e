import { describe, expect, it } from "vitest";
import { decimalsFor, formatInterval, formatNumber, formatPValue, formatQuantity, roundDecimals, roundSignificant } from "./format.js";

describe("numbers for people", () => {
  it("rounds floating-point noise away", () => {
    expect(formatNumber(2.4000000000000004, { trimZeros: true })).toBe("2.4");
    expect(formatNumber(2.4000000000000004)).toBe("2.40");
    expect(roundSignificant(2.4000000000000004)).toBe(2.4);
    expect(roundSignificant(0.1 + 0.2, 4)).toBe(0.3);
  });

  it("shows 3 significant digits, whole integers, and groups long ones", () => {
    expect(formatNumber(8.947123)).toBe("8.95");
    expect(formatNumber(0.012345)).toBe("0.0123");
    expect(formatNumber(123.456)).toBe("123");
    expect(formatNumber(800_000)).toBe("800,000");
    expect(formatNumber(-3.14259)).toBe("-3.14");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(49)).toBe("49");
    expect(formatNumber(49, { decimals: 1 })).toBe("49.0");
    expect(formatNumber(Number.NaN)).toBe("n/a");
    expect(formatNumber(0.3, { signed: true })).toBe("+0.300");
  });

  it("never writes -0", () => {
    expect(formatNumber(-0.0001, { decimals: 2 })).toBe("0.00");
    expect(Object.is(roundDecimals(-0.0001, 2), 0)).toBe(true);
  });

  it("puts the unit beside the number", () => {
    expect(formatQuantity(8.947, "$/day")).toBe("8.95 $/day");
    expect(formatQuantity(9.21, "%", { significantDigits: 2 })).toBe("9.2%");
    expect(formatQuantity(Number.NaN, "kW")).toBe("n/a");
  });

  it("gives an interval and its mean the decimals its half-width has to 2 significant digits", () => {
    expect(formatInterval(8.947, 8.662, 9.232)).toBe("8.95 [8.66, 9.23]");
    expect(formatInterval(10.871, 10.559, 11.183)).toBe("10.87 [10.56, 11.18]");
    expect(formatInterval(120.4, 101.2, 139.9)).toBe("120 [101, 140]");
    expect(formatInterval(9.0391, 9.0302, 9.048)).toBe("9.0391 [9.0302, 9.0480]");
    expect(formatInterval(5, 5, 5)).toBe("5");
    expect(formatInterval(10, 9.5, 10.5)).toBe("10.00 [9.50, 10.50]");
    expect(formatInterval(62.9, -215.2, 341.1)).toBe("63 [-215, 341]");
    expect(formatInterval(-0.0477, -1.2163, 1.1209)).toBe("0.0 [-1.2, 1.1]");
    expect(formatInterval(8.948, 8.9479999, 8.9480001)).toBe("8.9480 [8.9480, 8.9480]");
    expect(decimalsFor(0.004)).toBe(5);
  });

  it("writes p-values as a reader compares them with 0.05", () => {
    expect(formatPValue(0.00412)).toBe("0.0041");
    expect(formatPValue(0.0001)).toBe("< 0.001");
    expect(formatPValue(0.3249)).toBe("0.32");
    expect(formatPValue(1)).toBe("1");
  });
});
