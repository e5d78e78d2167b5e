import { describe, expect, it } from "vitest";
import { requireConfidence, requireSample, StatsInputError } from "./validation.js";

describe("StatsInputError", () => {
  it("says which function and argument, what was wrong and what is accepted", () => {
    try {
      requireSample("someFunction", "values", [1, 2], 3, "to estimate a variance");
      expect.unreachable("requireSample should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(StatsInputError);
      const inputError = error as StatsInputError;
      expect(inputError.name).toBe("StatsInputError");
      expect(inputError.functionName).toBe("someFunction");
      expect(inputError.argument).toBe("values");
      expect(inputError.problem).toBe("has only 2 values");
      expect(inputError.accepted).toBe("an array of at least 3 finite numbers is accepted (to estimate a variance)");
      expect(inputError.message).toBe(
        'someFunction: argument "values" has only 2 values; an array of at least 3 finite numbers is accepted (to estimate a variance).',
      );
    }
  });

  it("describes non-arrays and non-numbers", () => {
    expect(() => requireSample("f", "x", "1,2,3")).toThrow(/argument "x" is not an array \(got the string "1,2,3"\)/);
    expect(() => requireSample("f", "x", undefined)).toThrow(/is not an array \(got undefined \(missing\)\)/);
    expect(() => requireSample("f", "x", [1, "2"])).toThrow(/contains the string "2" at index 1; only finite numbers/);
    expect(() => requireSample("f", "x", [1, null])).toThrow(/contains null at index 1/);
  });

  it("accepts valid input unchanged", () => {
    const values = [1, 2, 3];
    expect(requireSample("f", "x", values, 2)).toBe(values);
    expect(requireConfidence("f", "c", 0.9)).toBe(0.9);
    expect(() => requireConfidence("f", "c", 1)).toThrow(/strictly between 0 and 1/);
  });
});
