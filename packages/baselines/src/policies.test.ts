import { VecGridEnv } from "@grid/env";
import { beforeAll, describe, expect, it } from "vitest";
import { ScriptedPolicy, tinyProfiles } from "./__fixtures__/tiny-profiles.js";
import { actionForValue } from "./actions.js";
import { evaluatePolicy } from "./evaluate.js";
import { GreedyPolicy } from "./greedy.js";
import { MpcPolicy } from "./mpc.js";
import { OptimalPolicy } from "./optimal.js";
import { createBaseline, listBaselines } from "./registry.js";
import { RulePolicy } from "./rule.js";
import { type LinearSolver, loadLinearSolver } from "./solver.js";

// Two days of hourly steps: a morning and an evening peak, midday sun, prices highest in the evening.
const hourlyLoad = [3, 3, 3, 3, 3, 4, 5, 6, 5, 4, 4, 4, 4, 4, 4, 4, 5, 6, 8, 9, 8, 6, 4, 3];
const hourlySolar = [0, 0, 0, 0, 0, 0, 0.5, 1.5, 3, 4.5, 5.5, 6, 6, 5.5, 4.5, 3, 1.5, 0.5, 0, 0, 0, 0, 0, 0];
const hourlyPrice = [0.08, 0.08, 0.07, 0.07, 0.08, 0.1, 0.14, 0.16, 0.12, 0.1, 0.09, 0.08, 0.08, 0.09, 0.1, 0.12, 0.16, 0.22, 0.3, 0.32, 0.28, 0.2, 0.14, 0.1];
const twoDays = tinyProfiles([...hourlyLoad, ...hourlyLoad], [...hourlySolar, ...hourlySolar], [...hourlyPrice, ...hourlyPrice]);
const dayConfig = { dtHours: 1, episodeSteps: 24, feederCapacityKw: 9.5, exportLimitKw: 2 } as const;
const continuous = { ...dayConfig, actionMode: "continuous" } as const;

let solver: LinearSolver;
beforeAll(async () => {
  solver = await loadLinearSolver();
});

describe("actionForValue", () => {
  it("maps a value to the nearest of K levels, ties to the lower, and clips in continuous mode", () => {
    const three = new VecGridEnv({ profiles: twoDays, config: dayConfig });
    expect([-1, -0.4, 0, 0.6, 1].map((value) => actionForValue(three, value))).toEqual([0, 1, 1, 2, 2]);
    const four = new VecGridEnv({ profiles: twoDays, config: { ...dayConfig, actionLevels: 4 } });
    // Levels -1, -1/3, 1/3, 1: 0 lies midway and goes to -1/3.
    expect([-1, 0, 0.2, 0.6, 1].map((value) => actionForValue(four, value))).toEqual([0, 1, 2, 2, 3]);
    // Quadratic spacing, 5 levels: -1, -0.25, 0, 0.25, 1.
    const fine = new VecGridEnv({ profiles: twoDays, config: { ...dayConfig, actionLevels: 5, actionLevelExponent: 2 } });
    expect(Array.from(fine.actionValues)).toEqual([-1, -0.25, 0, 0.25, 1]);
    expect([-0.7, -0.5, -0.2, 0.1, 0.3, 0.7].map((value) => actionForValue(fine, value))).toEqual([0, 1, 1, 2, 3, 4]);
    const free = new VecGridEnv({ profiles: twoDays, config: continuous });
    expect([-3, -0.25, 2].map((value) => actionForValue(free, value))).toEqual([-1, -0.25, 1]);
  });
});

describe("every registered baseline", () => {
  for (const info of listBaselines()) {
    for (const mode of info.actionModes) {
      it(`${info.name} evaluates a day in ${mode} mode, deterministically`, async () => {
        const config = { ...dayConfig, actionMode: mode, actionLevels: 5 };
        const options = info.needsTrainingDays ? { trainDays: { first: 0, last: 0 } } : {};
        const first = evaluatePolicy(await createBaseline(info.name, options), { profiles: twoDays, config, startSteps: [0, 24] });
        const second = evaluatePolicy(await createBaseline(info.name, options), { profiles: twoDays, config, startSteps: [0, 24] });
        expect(first.policy).toBe(info.name);
        expect(first.aggregate.energyCostUsd).toBeGreaterThan(0);
        expect(second.aggregate.energyCostUsd).toBe(first.aggregate.energyCostUsd);
      });
    }
  }

  it("rejects an unknown name, listing the known ones", async () => {
    await expect(createBaseline("clever")).rejects.toThrow(/unknown baseline "clever"; known: idle, random, rule, rule-data, greedy, mpc, optimal/);
  });
});

describe("rule", () => {
  it("charges above the solar threshold, discharges in the evening window, idles otherwise", () => {
    const env = new VecGridEnv({ profiles: twoDays, config: dayConfig, autoReset: false });
    env.reset({ startSteps: 0 });
    const rule = new RulePolicy({ solarThresholdKw: 2.0 });
    const producer: number[] = [];
    for (let step = 0; step < 24; step++) {
      rule.act(env, env.actions);
      producer.push(env.actions[env.producerIndex]);
      env.step();
    }
    const expected = hourlySolar.map((solar, hour) => (solar > 2 ? 0 : hour >= 17 && hour < 21 ? 2 : 1));
    expect(producer).toEqual(expected);
  });

  it("lets consumers defer in their window only while the budget lasts", () => {
    const config = { ...dayConfig, flexBudgetKwh: 2.5, flexKw: 1 };
    const result = evaluatePolicy(new RulePolicy({ consumersDefer: true, deferStartHour: 17, deferEndHour: 21 }), {
      profiles: twoDays,
      config,
      startSteps: [0],
    });
    // 1 kWh per hour of deferral: two hours fit in 2.5 kWh, a third would not.
    expect(result.episodes[0].flexUsedKwh).toEqual([2, 2, 2]);
    expect(result.episodes[0].comfortOverflowKwh).toEqual([0, 0, 0]);
  });
});

describe("greedy", () => {
  it("each agent picks the action with the best own immediate reward, others holding", () => {
    // Individual rewards: a consumer defers when the bill saved (price x 1 kW x 1 h) beats the comfort penalty of
    // 0.15 per kW; the operator lowers the adder when it lowers the team's energy cost; the producer
    // discharges for revenue while the battery has energy. (A budget of a whole day keeps overflow out of it.)
    const config = { ...dayConfig, rewardStructure: "individual", flexKw: 1, flexBudgetKwh: 24 } as const;
    const env = new VecGridEnv({ profiles: twoDays, config, autoReset: false });
    env.reset({ startSteps: 0 });
    const greedy = new GreedyPolicy();
    const consumerActions: number[] = [];
    const operatorActions: number[] = [];
    for (let step = 0; step < 24; step++) {
      greedy.act(env, env.actions);
      consumerActions.push(env.actions[0]);
      operatorActions.push(env.actions[env.operatorIndex]);
      if (step === 0) expect(env.actions[env.producerIndex]).toBe(2);
      env.step();
    }
    expect(consumerActions).toEqual(hourlyPrice.map((price) => (price > 0.15 ? 0 : 1)));
    // The adder saves only on imports: with everyone holding, the operator lowers it exactly when load > sun.
    expect(operatorActions).toEqual(hourlyLoad.map((load, hour) => (load > hourlySolar[hour] ? 0 : 1)));
  });

  it("matches an exhaustive one-agent search through the real environment", () => {
    const config = { ...continuous, rewardStructure: "article" } as const;
    const env = new VecGridEnv({ profiles: twoDays, config, autoReset: false });
    env.reset({ startSteps: 18 });
    const greedy = new GreedyPolicy({ continuousCandidates: [-1, 0, 1] });
    greedy.act(env, env.actions);
    const chosen = Array.from(env.actions);
    for (let agent = 0; agent < env.numAgents; agent++) {
      const rewards = [-1, 0, 1].map((value) => {
        const probe = new VecGridEnv({ profiles: twoDays, config, autoReset: false });
        probe.reset({ startSteps: 18 });
        probe.actions.fill(0);
        probe.actions[agent] = value;
        probe.step();
        return probe.rewards[agent];
      });
      const best = Math.max(...rewards);
      expect(rewards[[-1, 0, 1].indexOf(chosen[agent])]).toBe(best);
    }
  });
});

describe("optimal and mpc", () => {
  it("the optimum is never beaten by the rule, idle, random or a full-horizon mpc, and mpc replans as asked", async () => {
    const options = { profiles: twoDays, config: continuous, startSteps: [0, 24] };
    const optimal = evaluatePolicy(new OptimalPolicy(solver), options).aggregate.energyCostUsd;
    for (const name of ["idle", "rule", "random", "greedy"]) {
      const cost = evaluatePolicy(await createBaseline(name), options).aggregate.energyCostUsd;
      expect(cost).toBeGreaterThan(optimal);
    }
    // With exact forecasts and a horizon reaching the episode's end, receding-horizon control is optimal.
    const fullHorizon = new MpcPolicy(solver, { horizonHours: 24 });
    expect(evaluatePolicy(fullHorizon, options).aggregate.energyCostUsd).toBeCloseTo(optimal, 6);
    expect(fullHorizon.solves).toBe(48);
    const everyFour = new MpcPolicy(solver, { horizonHours: 6, replanEverySteps: 4 });
    const shortCost = evaluatePolicy(everyFour, options).aggregate.energyCostUsd;
    expect(everyFour.solves).toBe(12);
    expect(shortCost).toBeGreaterThanOrEqual(optimal - 1e-9);
  });

  it("mpc plans with the environment's noisy forecasts and pays for it", () => {
    const exact = evaluatePolicy(new MpcPolicy(solver, { horizonHours: 24 }), { profiles: twoDays, config: continuous, startSteps: [0] });
    const noisy = evaluatePolicy(new MpcPolicy(solver, { horizonHours: 24 }), {
      profiles: twoDays,
      config: { ...continuous, forecastNoiseStd: 0.5 },
      startSteps: [0],
    });
    expect(noisy.aggregate.energyCostUsd).toBeGreaterThan(exact.aggregate.energyCostUsd);
  });

  it("optimal refuses a discrete environment, saying what to do", () => {
    expect(() => evaluatePolicy(new OptimalPolicy(solver), { profiles: twoDays, config: dayConfig, startSteps: [0] })).toThrow(
      /config.actionMode.*evaluate it with actionMode "continuous"/,
    );
  });

  it("mpc rounds its plan to the nearest level in discrete mode and stays within the env's rules", () => {
    const result = evaluatePolicy(new MpcPolicy(solver, { horizonHours: 8 }), {
      profiles: twoDays,
      config: { ...dayConfig, actionLevels: 9 },
      startSteps: [0],
    });
    expect(result.aggregate.energyCostUsd).toBeGreaterThan(0);
    expect(result.aggregate.congestionSteps).toBe(0);
  });

  it("scripted battery schedules never beat the optimum", () => {
    const options = { profiles: twoDays, config: continuous, startSteps: [0] };
    const optimal = evaluatePolicy(new OptimalPolicy(solver), options).aggregate.energyCostUsd;
    for (const [chargeFrom, dischargeFrom] of [[0, 17], [2, 18], [10, 17], [11, 19]]) {
      const battery = (hour: number) => (hour >= dischargeFrom && hour < dischargeFrom + 3 ? 1 : hour >= chargeFrom && hour < chargeFrom + 3 ? -1 : 0);
      const steps = Array.from({ length: 24 }, (_, hour) => [0, 0, 0, battery(hour), 0]);
      expect(evaluatePolicy(new ScriptedPolicy(steps), options).aggregate.energyCostUsd).toBeGreaterThan(optimal);
    }
  });
});
