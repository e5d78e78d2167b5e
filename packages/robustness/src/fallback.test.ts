import { evaluatePolicy, RulePolicy } from "@grid/baselines";
import { getScenario, type Policy, type VecGridEnv } from "@grid/env";
import { describe, expect, it } from "vitest";
import { FallbackPolicy } from "./fallback.js";
import { SensorFaultPolicy } from "./perturbations/sensor.js";

const scenario = getScenario("seed");
const profiles = scenario.loadProfiles();
const config = { ...scenario.config, flexBudgetEnforced: true };
const startSteps = [0, 96];

/** A network stand-in: records whether it ever saw a non-finite observation, and asks every agent for level 0. */
class SpyPolicy implements Policy {
  readonly name = "spy";
  sawNonFinite = false;
  act(env: VecGridEnv, actions: Float32Array): void {
    if (env.observations.some((value) => !Number.isFinite(value))) this.sawNonFinite = true;
    actions.fill(0);
  }
}

/** The actions each step, [step][agent x env], of a policy in an evaluation. */
class Recorder implements Policy {
  readonly name: string;
  readonly steps: Float32Array[] = [];
  constructor(readonly inner: Policy) {
    this.name = inner.name;
  }
  beginEpisode(env: VecGridEnv, envIndex: number): void {
    this.inner.beginEpisode?.(env, envIndex);
  }
  act(env: VecGridEnv, actions: Float32Array): void {
    this.inner.act(env, actions);
    this.steps.push(actions.slice());
  }
}

describe("FallbackPolicy", () => {
  it("keeps NaN measurements from the wrapped policy and hands those steps to the rule", () => {
    const spy = new SpyPolicy();
    const fallback = new FallbackPolicy(spy, new RulePolicy());
    const faulty = new SensorFaultPolicy(fallback, { kind: "missing", severity: 4, agents: "all", onsetHour: 12 }, 0);
    const recorder = new Recorder(faulty);
    const result = evaluatePolicy(recorder, { profiles, config, startSteps });
    expect(spy.sawNonFinite).toBe(false);
    const numAgents = result.episodes[0].agentReward.length;
    // 4 hours of 15-minute steps, every agent, both episodes.
    expect(fallback.counts.nonFiniteAgentSteps).toBe(16 * numAgents * 2);
    expect(fallback.counts.agentSteps).toBe(16 * numAgents * 2);
    expect(fallback.counts.envSteps).toBe(16 * 2);
    // Outside the fault every agent asks for level 0 (the spy's); inside, the rule's hold (level 1) for consumers.
    expect(recorder.steps[47][0]).toBe(0);
    expect(recorder.steps[48][0]).toBe(1);
    expect(recorder.steps[63][0]).toBe(1);
    expect(recorder.steps[64][0]).toBe(0);
  });

  it("treats measurements frozen beyond the limit as stale", () => {
    const fallback = new FallbackPolicy(new SpyPolicy(), new RulePolicy(), { staleLimitSteps: 8 });
    const faulty = new SensorFaultPolicy(fallback, { kind: "stuck", severity: 6, agents: "all", onsetHour: 12 }, 0);
    const result = evaluatePolicy(faulty, { profiles, config, startSteps });
    const numAgents = result.episodes[0].agentReward.length;
    // 24 frozen steps: the first is the onset's own value, the next 8 are within the limit, the last 15 are stale.
    expect(fallback.counts.staleAgentSteps).toBe(15 * numAgents * 2);
    expect(fallback.counts.nonFiniteAgentSteps).toBe(0);
  });

  it("changes nothing on valid measurements", () => {
    const fallback = new FallbackPolicy(new RulePolicy(), new SpyPolicy());
    const wrapped = evaluatePolicy(fallback, { profiles, config, startSteps });
    const plain = evaluatePolicy(new RulePolicy(), { profiles, config, startSteps });
    expect(fallback.counts.agentSteps).toBe(0);
    expect(wrapped.aggregate.systemCostUsd).toBe(plain.aggregate.systemCostUsd);
  });

  it("rejects a limit below one step, naming the field", () => {
    expect(() => new FallbackPolicy(new RulePolicy(), new RulePolicy(), { staleLimitSteps: 0 })).toThrow(/staleLimitSteps/);
  });
});
