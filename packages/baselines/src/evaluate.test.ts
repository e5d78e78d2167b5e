import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GridConfigInput } from "@grid/env";
import { describe, expect, it } from "vitest";
import { ScriptedPolicy, tinyProfiles } from "./__fixtures__/tiny-profiles.js";
import { evaluatePolicy } from "./evaluate.js";
import { IdlePolicy } from "./idle.js";

/**
 * One 3-step episode of hourly steps, computed on paper. Two consumers (half the feeder load each, 1 kW of
 * flexibility, 1.5 kWh budget), a 4 kWh / 2 kW battery at half charge, a 5 kW feeder and a 1 kW export limit.
 *
 * step 0: load 4, no sun, price 0.10; battery charges 2 kW -> net 6 kW (1 kW congestion), cost 0.60.
 * step 1: load 8, price 0.30, adder +0.03; consumer 0 defers 1 kW (loads 3 and 4), battery discharges 2 kW ->
 *         net 5 kW (at the limit, no congestion), energy cost 0.33 x 5 = 1.65, system cost 0.30 x 5 = 1.50.
 * step 2: load 2, sun 6 kW, price 0.20; consumer 0 defers again (1 - 1 = 0, floored at 0.05 kW), battery idle ->
 *         net 1.05 - 6 = -4.95 kW, export violation (spill) 3.95 kW; flexibility used by consumer 0: 2 kWh.
 * idle:   nets 4, 8, -4; bills 0.2 + 1.2 + 0.2 = 1.6 for each consumer; energy cost 0.4 + 2.4 = 2.8.
 */
const profiles = tinyProfiles([4, 8, 2, 4, 4, 4], [0, 0, 6, 0, 0, 0], [0.1, 0.3, 0.2, 0.1, 0.1, 0.1]);
const config: GridConfigInput = {
  dtHours: 1,
  episodeSteps: 3,
  consumerShares: [0.5, 0.5],
  flexKw: [1, 1],
  flexBudgetKwh: 1.5,
  feederCapacityKw: 5,
  exportLimitKw: 1,
  batteryCapacityKwh: 4,
  batteryMaxKw: 2,
  actionMode: "continuous",
};
// Agents: consumer_0, consumer_1, producer, operator.
const scripted = new ScriptedPolicy([
  [0, 0, -1, 0],
  [-1, 0, 1, 1],
  [-1, 0, 0, 0],
]);
const options = { profiles, config, startSteps: [0] };

describe("evaluatePolicy on a hand-computed episode", () => {
  const result = evaluatePolicy(scripted, options);
  const episode = result.episodes[0];

  it("energy cost at the retail price and system cost at the day-ahead price", () => {
    expect(episode.energyCostUsd).toBeCloseTo(0.6 + 1.65, 10);
    expect(episode.systemCostUsd).toBeCloseTo(0.6 + 1.5, 10);
  });

  it("peak import, mean net import and peak-to-average ratio", () => {
    expect(episode.peakImportKw).toBeCloseTo(6, 10);
    expect(episode.meanNetImportKw).toBeCloseTo((6 + 5 - 4.95) / 3, 10);
    expect(episode.peakToAverageRatio).toBeCloseTo(6 / ((6 + 5 - 4.95) / 3), 10);
  });

  it("renewable utilisation and spilled solar", () => {
    expect(episode.solarAvailableKwh).toBeCloseTo(6, 10);
    expect(episode.spilledSolarKwh).toBeCloseTo(3.95, 10);
    expect(episode.renewableUtilization).toBeCloseTo(2.05 / 6, 10);
  });

  it("constraint violations, congestion and export apart", () => {
    expect(episode.violatingSteps).toBe(2);
    expect(episode.congestionSteps).toBe(1);
    expect(episode.congestionKwh).toBeCloseTo(1, 10);
    expect(episode.exportViolationSteps).toBe(1);
    expect(episode.exportViolationKwh).toBeCloseTo(3.95, 10);
  });

  it("ramping: mean |change of net import|, the first step against the reset's load - solar", () => {
    expect(episode.rampKw).toBeCloseTo((2 + 1 + 9.95) / 3, 10);
  });

  it("battery throughput and equivalent full cycles", () => {
    expect(episode.batteryThroughputKwh).toBeCloseTo(4, 10);
    expect(episode.equivalentFullCycles).toBeCloseTo(0.5, 10);
  });

  it("the feeder guard's interventions: steps and kWh by which it overruled the battery", () => {
    expect(episode.guardSteps).toBe(0);
    expect(episode.guardCorrectionKwh).toBe(0);
    // Guarded: step 0 charges 1 kW, not 2 (net at the 5 kW limit); step 1 as asked; step 2 charges the full 2 kW of the
    // 3.95 kW the export limit needs, and the consumers take the other 1.95 kW in proportion to their room (consumer 0,
    // deferring to the 0.05 kW floor: 1.95 kW up to its 2 kW ceiling; consumer 1: 1 kW), so nothing is violated.
    const guarded = evaluatePolicy(scripted, { ...options, config: { ...config, feederGuard: true } }).episodes[0];
    expect(guarded.guardSteps).toBe(2);
    expect(guarded.guardCorrectionKwh).toBeCloseTo(1 + 2 + 1.95, 6);
    expect(guarded.violatingSteps).toBe(0);
    expect(guarded.spilledSolarKwh).toBeCloseTo(0, 6);
    expect(guarded.systemCostUsd).toBeCloseTo(0.5 + 1.5, 6);
    expect(guarded.batteryThroughputKwh).toBeCloseTo(1 + 2 + 2, 6);
    // Consumer 0 ends at 0.05 + 1.95 x 1.95 / 2.95 kW (its flexibility +0.339 kW after -1 at step 1), consumer 1 at +0.661.
    const shift0 = (1.95 * 1.95) / 2.95;
    expect(guarded.flexUsedKwh[0]).toBeCloseTo(1 + Math.abs(0.05 + shift0 - 1), 6);
    expect(guarded.flexUsedKwh[1]).toBeCloseTo((1.95 * 1) / 2.95, 6);
  });

  it("flexibility used and comfort overflow per consumer", () => {
    expect(episode.flexUsedKwh[0]).toBeCloseTo(2, 10);
    expect(episode.flexUsedKwh[1]).toBe(0);
    expect(episode.comfortOverflowKwh[0]).toBeCloseTo(0.5, 10);
    expect(episode.comfortOverflowKwh[1]).toBe(0);
  });

  it("each consumer's bill and its change against idle", () => {
    expect(episode.billUsd[0]).toBeCloseTo(0.2 + 0.99 + 0.01, 10);
    expect(episode.billUsd[1]).toBeCloseTo(0.2 + 1.32 + 0.2, 10);
    expect(episode.billChangeUsd[0]).toBeCloseTo(1.2 - 1.6, 10);
    expect(episode.billChangeUsd[1]).toBeCloseTo(1.72 - 1.6, 10);
  });

  it("each agent's summed reward under the environment's reward structure", () => {
    // Team reward per step: -(energy cost + 4 x congestion kWh + 2 x spill kWh + 0.10 x ramp kW + 0.03 x battery kWh)
    // step 0: -(0.6 + 4 + 0 + 0.1 x |6 - 4| + 0.06); step 1: -(1.65 + 0.1 x 1 + 0.06); step 2: -(2 x 3.95 + 0.1 x 9.95).
    const team = -(0.6 + 4 + 0.2 + 0.06) - (1.65 + 0.1 + 0.06) - (7.9 + 0.995);
    // The article's operator: team - 0.02 |adder| (adder +0.03 at step 1).
    expect(episode.agentReward[3]).toBeCloseTo(team - 0.02 * 0.03, 10);
    const teamOnly = evaluatePolicy(scripted, { ...options, config: { ...config, rewardStructure: "team" } }).episodes[0];
    expect(teamOnly.agentReward).toEqual([team, team, team, team].map((value) => expect.closeTo(value, 10)));
  });

  it("Jain's fairness of relative bill savings and of flexibility burden", () => {
    const savings = [0.4 / 1.6, -0.12 / 1.6];
    const expected = (savings[0] + savings[1]) ** 2 / (2 * (savings[0] ** 2 + savings[1] ** 2));
    expect(episode.billSavingsFairness).toBeCloseTo(expected, 10);
    expect(episode.flexBurdenFairness).toBeCloseTo(0.5, 10);
  });

  it("share of the rule-to-optimal gap closed, on system cost", () => {
    const idle = evaluatePolicy(new IdlePolicy(), options);
    expect(idle.aggregate.systemCostUsd).toBeCloseTo(2.8, 10);
    const references = { rule: idle, optimal: result };
    expect(evaluatePolicy(scripted, { ...options, references }).aggregate.gapClosed).toBeCloseTo(1, 10);
    expect(evaluatePolicy(new IdlePolicy(), { ...options, references }).episodes[0].gapClosed).toBeCloseTo(0, 10);
    expect(Number.isNaN(result.aggregate.gapClosed)).toBe(true);
  });

  it("idle changes no bill and is perfectly fair", () => {
    const idle = evaluatePolicy(new IdlePolicy(), options).episodes[0];
    expect(idle.billUsd).toEqual([1.6, 1.6].map((value) => expect.closeTo(value, 10)));
    expect(idle.billChangeUsd).toEqual([0, 0]);
    expect(idle.billSavingsFairness).toBe(1);
    expect(idle.energyCostUsd).toBeCloseTo(2.8, 10);
  });

  it("has no peak-to-average ratio for an episode that exports on balance, and averages the defined ones", () => {
    const sunny = tinyProfiles([1, 1, 1, 1, 1, 1], [5, 5, 5, 0, 0, 0], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    const result = evaluatePolicy(new IdlePolicy(), { profiles: sunny, config, startSteps: [0, 3] });
    expect(Number.isNaN(result.episodes[0].peakToAverageRatio)).toBe(true);
    expect(result.episodes[1].peakToAverageRatio).toBeCloseTo(1, 10);
    expect(result.aggregate.peakToAverageRatio).toBeCloseTo(1, 10);
  });

  it("aggregates per episode means over several episodes", () => {
    const two = evaluatePolicy(scripted, { ...options, startSteps: [0, 1] });
    expect(two.episodes[0]).toEqual(episode);
    expect(two.aggregate.episodes).toBe(2);
    expect(two.aggregate.energyCostUsd).toBeCloseTo((two.episodes[0].energyCostUsd + two.episodes[1].energyCostUsd) / 2, 12);
    expect(two.aggregate.flexUsedKwh[0]).toBeCloseTo((two.episodes[0].flexUsedKwh[0] + two.episodes[1].flexUsedKwh[0]) / 2, 12);
  });

  it("writes a step trace CSV with one row per step", () => {
    const path = join(mkdtempSync(join(tmpdir(), "baselines-")), "trace.csv");
    evaluatePolicy(scripted, { ...options, traceCsvPath: path });
    const lines = readFileSync(path, "utf8").trim().split("\n");
    expect(lines).toHaveLength(4);
    const header = lines[0].split(",");
    const net = header.indexOf("netImportKw");
    expect(lines.slice(1).map((line) => Number(line.split(",")[net]))).toEqual([6, 5, -4.95].map((value) => expect.closeTo(value, 9)));
    expect(header).toContain("action_producer");
    expect(header).toContain("billUsd_1");
    expect(lines.slice(1).map((line) => Number(line.split(",")[header.indexOf("guardCorrectionKw")]))).toEqual([0, 0, 0]);
  });

  it("rejects a policy that leaves an action unwritten", () => {
    const lazy = { name: "lazy", act: () => {} };
    expect(() => evaluatePolicy(lazy, options)).toThrow(/NaN/);
  });
});
