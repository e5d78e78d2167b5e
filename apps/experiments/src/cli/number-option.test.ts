import { describe, expect, it } from "vitest";
import { UsageError } from "../command.js";
import { describeNumberRule, parseNumberOption } from "./number-option.js";

describe("the command line's number parser", () => {
  it("reads whole numbers as written, with exponents and signs", () => {
    const steps = { whole: true, atLeast: 1, unit: "env-steps" };
    expect(parseNumberOption("100000", "--steps", steps)).toBe(100_000);
    expect(parseNumberOption("1e5", "--steps", steps)).toBe(100_000);
    expect(parseNumberOption(" 42 ", "--steps", steps)).toBe(42);
    expect(parseNumberOption("0", "--workers", { whole: true, atLeast: 0 })).toBe(0);
    expect(parseNumberOption("-3", "--offset", { whole: true })).toBe(-3);
  });

  it("refuses 7.5 as a whole number, naming the flag, what was given and what is accepted", () => {
    expect(() => parseNumberOption("7.5", "--steps", { whole: true, atLeast: 1, unit: "env-steps" })).toThrow(
      new UsageError('--steps: got "7.5"; expected a whole number of env-steps >= 1'),
    );
  });

  it("refuses text, blanks, hexadecimal, infinity and numbers out of bounds", () => {
    const seconds = { whole: false, above: 0, unit: "seconds" };
    for (const given of ["soon", "", " ", "0x10", "Infinity", "1e999", "0", "-1", "12s"]) {
      expect(() => parseNumberOption(given, "--time", seconds), given).toThrow(`--time: got "${given}"; expected a number of seconds > 0`);
    }
    expect(parseNumberOption("0.5", "--time", seconds)).toBe(0.5);
    expect(parseNumberOption(".5", "--time", seconds)).toBe(0.5);
  });

  it("says what a rule accepts in words", () => {
    expect(describeNumberRule({ whole: true })).toBe("a whole number");
    expect(describeNumberRule({ whole: false, atLeast: 0, unit: "minutes" })).toBe("a number of minutes >= 0");
  });
});
