import { describe, expect, it } from "vitest";
import { BASE_STATE_SIZE, LOCAL_OBSERVATION_SIZE, OBSERVATION_INDEX, STATE_INDEX } from "./observation-index.js";

describe("observation index", () => {
  it("gives the global state the observation's feeder entries, then the consumers' from the agent's own start", () => {
    const feeder = ["hourSin", "hourCos", "feederLoad", "solar", "solarForecast", "priceZ", "batterySoc", "netImport"] as const;
    for (const name of feeder) expect(STATE_INDEX[name], name).toBe(OBSERVATION_INDEX[name]);
    expect(feeder.map((name) => STATE_INDEX[name])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(STATE_INDEX.consumerFlexUsedStart).toBe(OBSERVATION_INDEX.ownStart);
    expect(BASE_STATE_SIZE).toBe(8);
    expect(LOCAL_OBSERVATION_SIZE).toBe(11);
  });
});
