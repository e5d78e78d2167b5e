import { describe, expect, it } from "vitest";
import { BASE_STATE_SIZE, LOCAL_OBSERVATION_SIZE, OBSERVATION_INDEX, STATE_INDEX } from "./observation-index.js";

describe("observation index", () => {
  it("puts the global state's consumers right after the feeder's entries, where an agent's own entries start", () => {
    // The feeder's entries come first in both, so the state's consumers start where an agent's own entries do.
    expect(OBSERVATION_INDEX.netImport).toBe(OBSERVATION_INDEX.ownStart - 1);
    expect(STATE_INDEX.consumerFlexUsedStart).toBe(OBSERVATION_INDEX.ownStart);
    expect(BASE_STATE_SIZE).toBe(8);
    expect(LOCAL_OBSERVATION_SIZE).toBe(11);
  });
});
