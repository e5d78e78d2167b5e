import { generateSyntheticProfiles } from "@grid/profiles";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, type GridConfigInput, parseGridConfig } from "./config.js";
import { GridEnv } from "./grid-env.js";
import { STEP_INFO_KEYS } from "./kernel/step-info.js";
import { VecGridEnv } from "./vec-env.js";

const profiles = generateSyntheticProfiles({ days: 4, seed: 7 });

/** A fast assertion for hot property loops (vitest's expect is too slow to call a million times). */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}
const close = (actual: number, expected: number, tolerance = 1e-9) => Math.abs(actual - expected) <= tolerance;

/** Random valid configurations: consumers, action modes, flexibility, battery and reward options. */
const configArbitrary = fc
  .record({
    numConsumers: fc.integer({ min: 1, max: 12 }),
    actionMode: fc.constantFrom("discrete" as const, "continuous" as const),
    actionLevels: fc.integer({ min: 2, max: 7 }),
    flexibilityMode: fc.constantFrom("curtail" as const, "shift" as const),
    rewardStructure: fc.constantFrom("article" as const, "individual" as const, "team" as const, "mixed" as const, "difference" as const),
    rewardAlpha: fc.double({ min: 0, max: 1, noNaN: true }),
    communication: fc.constantFrom("none" as const, "broadcast" as const, "global-state" as const),
    batteryRoundTripEfficiency: fc.double({ min: 0.6, max: 1, noNaN: true }),
    batterySelfDischargePerHour: fc.double({ min: 0, max: 0.05, noNaN: true }),
    batteryDegradationUsdPerKwh: fc.double({ min: 0, max: 0.1, noNaN: true }),
    batteryCapacityKwh: fc.double({ min: 0.5, max: 40, noNaN: true }),
    batteryMaxKw: fc.double({ min: 0, max: 20, noNaN: true }),
    initialSoc: fc.double({ min: 0, max: 1, noNaN: true }),
    flexKw: fc.double({ min: 0, max: 3, noNaN: true }),
    episodeSteps: fc.integer({ min: 1, max: 40 }),
    observationNoiseStd: fc.constantFrom(0, 0.05),
    forecastNoiseStd: fc.constantFrom(0, 0.1),
    feederGuard: fc.boolean(),
  })
  .map(({ numConsumers, ...rest }): GridConfigInput => ({
    ...rest,
    consumerShares: Array.from({ length: numConsumers }, () => 1 / numConsumers),
  }));

/** A deterministic action sequence from a seed, valid for the env's action mode. */
function fillActions(env: VecGridEnv, seed: number, step: number) {
  for (let i = 0; i < env.actions.length; i++) {
    const hash = Math.sin(seed * 12.9898 + step * 78.233 + i * 37.719) * 43758.5453;
    const unit = hash - Math.floor(hash);
    env.actions[i] = env.numActions > 0 ? Math.floor(unit * env.numActions) : unit * 2.4 - 1.2;
  }
}

describe("VecGridEnv properties", () => {
  it("keeps state of charge in [0, 1], balances the feeder, accounts flexibility exactly, and never gives NaN", () => {
    fc.assert(
      fc.property(configArbitrary, fc.integer({ min: 1, max: 4 }), fc.integer(), (config, numEnvs, seed) => {
        const env = new VecGridEnv({ profiles, config, numEnvs, seed });
        const dt = env.config.dtHours;
        const length = env.profileLength;
        const expectedFlex = new Float64Array(numEnvs * env.numConsumers);
        const steps = env.config.episodeSteps * 2 + 3;
        for (let step = 0; step < steps; step++) {
          fillActions(env, seed, step);
          const rows = Array.from({ length: numEnvs }, (_, e) => env.currentStep(e));
          env.step();
          for (let e = 0; e < numEnvs; e++) {
            const t = rows[e];
            let demand = 0;
            for (let c = 0; c < env.numConsumers; c++) {
              const index = e * env.numConsumers + c;
              const load = env.consumerInfo.loadKw[index];
              const delta = env.consumerInfo.flexDeltaKw[index];
              const expectedLoad = Math.max(env.config.minConsumerLoadKw, env.consumerLoadKw[c * length + t] + delta);
              check(close(load, expectedLoad), () => `load ${load} != ${expectedLoad}`);
              check(Math.abs(delta) <= env.consumerFlexKw[c] + 1e-12, () => `|delta| ${delta} above flexKw`);
              demand += load;
              expectedFlex[index] += Math.abs(delta) * dt;
            }
            const balance = demand - profiles.solarKw[t] - env.info.batteryDispatchKw[e];
            check(close(env.info.netImportKw[e], balance), () => `net import ${env.info.netImportKw[e]} != ${balance}`);
            check(Math.abs(env.info.batteryDispatchKw[e]) <= env.config.batteryMaxKw + 1e-12, () => "dispatch above rating");
            check(env.soc[e] >= 0 && env.soc[e] <= 1, () => `soc ${env.soc[e]} outside [0, 1]`);
            for (let c = 0; c < env.numConsumers; c++) {
              const index = e * env.numConsumers + c;
              if (env.dones[e]) {
                // The env auto-reset: its flexibility starts from zero again.
                check(env.flexUsedKwh[index] === 0 && env.stepInEpisode[e] === 0, () => "auto-reset did not clear the episode");
                expectedFlex[index] = 0;
              } else {
                check(close(env.flexUsedKwh[index], expectedFlex[index]), () => `flex used ${env.flexUsedKwh[index]} != ${expectedFlex[index]}`);
              }
            }
          }
          for (const value of env.rewards) check(Number.isFinite(value), () => `reward ${value}`);
          for (const value of env.observations) check(Number.isFinite(value), () => `observation ${value}`);
          for (const value of env.states) check(Number.isFinite(value), () => `state ${value}`);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it("gives the same trajectory bit for bit for the same seed", () => {
    fc.assert(
      fc.property(configArbitrary, fc.integer(), (config, seed) => {
        const run = () => {
          const env = new VecGridEnv({ profiles, config, numEnvs: 3, seed });
          const record: number[] = [];
          for (let step = 0; step < 60; step++) {
            fillActions(env, seed, step);
            env.step();
            record.push(...env.rewards, ...env.observations, ...env.states, ...env.info.netImportKw, ...env.startStep);
          }
          return Float64Array.from(record);
        };
        const first = run();
        const second = run();
        expect(Buffer.from(first.buffer).equals(Buffer.from(second.buffer))).toBe(true);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it("steps each copy as the single-episode view does (one physics)", () => {
    const config: GridConfigInput = { flexibilityMode: "shift", batteryRoundTripEfficiency: 0.9 };
    const vec = new VecGridEnv({ profiles, config, numEnvs: 4, autoReset: false });
    const starts = [0, 10, 96, 150];
    vec.reset({ startSteps: starts });
    const singles = starts.map((start) => {
      const env = new GridEnv(profiles, config);
      env.reset({ startIndex: start });
      return env;
    });
    for (let step = 0; step < 96; step++) {
      fillActions(vec, 3, step);
      const singleRewards = singles.map((env, e) => {
        const actions: Record<string, number> = {};
        env.agents.forEach((agent, a) => {
          actions[agent] = vec.actions[a * vec.numEnvs + e];
        });
        return env.step(actions).rewards;
      });
      vec.step();
      singles.forEach((env, e) => {
        env.agents.forEach((agent, a) => {
          expect(vec.rewards[a * vec.numEnvs + e]).toBe(singleRewards[e][agent]);
        });
        expect(Array.from(env.state())).toEqual(Array.from(vec.states.subarray(e * vec.stateSize, (e + 1) * vec.stateSize)));
      });
    }
    expect(Array.from(vec.dones)).toEqual([1, 1, 1, 1]);
  });

  it("gives as a step's common info every step-info value of its copy, in STEP_INFO's order, then the battery and the flexibility", () => {
    const config: GridConfigInput = { flexibilityMode: "shift" };
    const vec = new VecGridEnv({ profiles, config, numEnvs: 1, autoReset: false });
    const env = new GridEnv(profiles, config);
    vec.reset({ startSteps: [30] });
    env.reset({ startIndex: 30 });
    for (let step = 0; step < 5; step++) {
      fillActions(vec, 3, step);
      const actions: Record<string, number> = {};
      env.agents.forEach((agent, a) => {
        actions[agent] = vec.actions[a];
      });
      const info = env.step(actions).infos[env.agents[0]];
      vec.step();
      expect(Object.keys(info)).toEqual([...STEP_INFO_KEYS, "batterySoc", "flexUsedKwh"]);
      for (const key of STEP_INFO_KEYS) expect(info[key]).toBe(vec.info[key][0]);
      expect(info.batterySoc).toBe(vec.soc[0]);
      expect(info.flexUsedKwh).toEqual(Array.from(vec.flexUsedKwh));
    }
  });

  it("auto-resets a finished env to a start inside the given candidates", () => {
    const starts = [100, 120];
    const env = new VecGridEnv({ profiles, numEnvs: 8, seed: 5, startSteps: starts, config: { episodeSteps: 4 } });
    for (let episode = 0; episode < 5; episode++) {
      for (let step = 0; step < 4; step++) {
        env.actions.fill(1);
        env.step();
      }
      expect(Array.from(env.dones)).toEqual(new Array(8).fill(1));
      for (const start of env.startStep) expect(starts).toContain(start);
      expect(Array.from(env.stepInEpisode)).toEqual(new Array(8).fill(0));
    }
  });

  it("draws each episode's initial state of charge within initialSoc ± initialSocSpread, reproducibly, and only when asked", () => {
    const config = { episodeSteps: 2, initialSoc: 0.6, initialSocSpread: 0.3 };
    const socsOf = (seed: number) => {
      const env = new VecGridEnv({ profiles, numEnvs: 64, seed, config });
      const socs = Array.from(env.soc);
      env.reset({ seed: seed + 1 });
      return [...socs, ...Array.from(env.soc)];
    };
    const socs = socsOf(3);
    for (const soc of socs) {
      expect(soc).toBeGreaterThanOrEqual(0.3);
      expect(soc).toBeLessThanOrEqual(0.9);
    }
    // Spread over the whole range, not a constant.
    expect(Math.min(...socs)).toBeLessThan(0.4);
    expect(Math.max(...socs)).toBeGreaterThan(0.8);
    expect(socsOf(3)).toEqual(socs);
    // Clipped to [0, 1]; the default draws nothing and starts every episode at initialSoc.
    const wide = new VecGridEnv({ profiles, numEnvs: 64, seed: 3, config: { initialSoc: 0.9, initialSocSpread: 0.5 } });
    expect(Math.max(...wide.soc)).toBeLessThanOrEqual(1);
    expect(wide.soc.some((soc) => soc === 1)).toBe(true);
    const fixed = new VecGridEnv({ profiles, numEnvs: 8, seed: 3, config: { initialSoc: 0.6 } });
    expect(Array.from(fixed.soc)).toEqual(new Array(8).fill(0.6));
  });

  it("with the feeder guard, moves the battery to the nearest safe power, then the consumers' loads, violating only with all of it at its limit", () => {
    let batteryCorrections = 0;
    let consumerCorrections = 0;
    fc.assert(
      fc.property(
        configArbitrary,
        fc.integer(),
        fc.double({ min: 0.5, max: 12, noNaN: true }),
        fc.boolean(),
        fc.constantFrom(0, 0.1, 0.45),
        fc.constantFrom(0, 0.2, 0.5),
        (input, seed, feederCapacityKw, flexBudgetEnforced, batteryReserveFraction, batteryHeadroomFraction) => {
          const config = {
            ...input,
            feederGuard: true,
            flexBudgetEnforced,
            batteryReserveFraction,
            batteryHeadroomFraction,
            feederCapacityKw,
            exportLimitKw: feederCapacityKw / 4,
            batterySelfDischargePerHour: 0,
          };
          const env = new VecGridEnv({ profiles, config, numEnvs: 2, seed });
          const { dtHours: dt, batteryCapacityKwh: capacityKwh, batteryMaxKw, exportLimitKw, minConsumerLoadKw } = env.config;
          const efficiency = Math.sqrt(env.config.batteryRoundTripEfficiency);
          const numConsumers = env.numConsumers;
          const steps = env.config.episodeSteps * 2 + 3;
          for (let step = 0; step < steps; step++) {
            fillActions(env, seed, step);
            const socs = Array.from(env.soc);
            const flexUsed = Array.from(env.flexUsedKwh);
            const rows = [0, 1].map((e) => env.currentStep(e));
            const action = (agent: number, e: number) => env.actionValue(env.actions[agent * 2 + e], agent);
            env.step();
            for (let e = 0; e < 2; e++) {
              const t = rows[e];
              // The consumers' requested loads and how far each could move, as the guard sees them.
              let requestedDemandKw = 0;
              let consumerShiftKw = 0;
              const lowest: number[] = [];
              const highest: number[] = [];
              for (let c = 0; c < numConsumers; c++) {
                const left = flexBudgetEnforced ? Math.max(0, (env.config.flexBudgetKwh - flexUsed[e * numConsumers + c]) / dt) : Infinity;
                const limitKw = Math.min(env.consumerFlexKw[c], left);
                const baseKw = env.consumerLoadKw[c * env.profileLength + t];
                const deltaKw = Math.max(-limitKw, Math.min(limitKw, action(c, e) * env.consumerFlexKw[c]));
                const requestedLoadKw = Math.max(minConsumerLoadKw, baseKw + deltaKw);
                requestedDemandKw += requestedLoadKw;
                const loadKw = env.consumerInfo.loadKw[e * numConsumers + c];
                consumerShiftKw += Math.abs(loadKw - requestedLoadKw);
                lowest.push(Math.max(minConsumerLoadKw, baseKw - limitKw));
                highest.push(Math.max(requestedLoadKw, baseKw + limitKw));
                check(loadKw >= lowest[c] - 1e-9 && loadKw <= highest[c] + 1e-9, () => `consumer ${c} load ${loadKw} outside its room`);
              }
              const requestedKw = action(env.producerIndex, e) * batteryMaxKw;
              const maxDischargeKw = Math.min(batteryMaxKw, (socs[e] * capacityKwh * efficiency) / dt);
              const maxChargeKw = Math.min(batteryMaxKw, ((1 - socs[e]) * capacityKwh) / (efficiency * dt));
              // The producer alone discharges no lower than the reserve and charges no higher than the headroom
              // allows; the guard may use all of the battery.
              const aboveReserveKwh = Math.max(0, (socs[e] - batteryReserveFraction) * capacityKwh);
              const producerDischargeKw = Math.min(maxDischargeKw, (aboveReserveKwh * efficiency) / dt);
              const belowCeilingKwh = Math.max(0, (1 - batteryHeadroomFraction - socs[e]) * capacityKwh);
              const producerChargeKw = batteryHeadroomFraction > 0 ? Math.min(maxChargeKw, belowCeilingKwh / (efficiency * dt)) : maxChargeKw;
              const unguardedKw = Math.min(producerDischargeKw, Math.max(-producerChargeKw, requestedKw));
              const dispatchKw = env.info.batteryDispatchKw[e];
              const uncontrolledKw = requestedDemandKw - profiles.solarKw[t];
              const safeKw = Math.min(uncontrolledKw + exportLimitKw, Math.max(uncontrolledKw - feederCapacityKw, unguardedKw));
              const expectedKw = Math.min(maxDischargeKw, Math.max(-maxChargeKw, safeKw));
              check(close(dispatchKw, expectedKw, 1e-6), () => `dispatch ${dispatchKw} != projection ${expectedKw}`);
              const correctionKw = env.info.guardCorrectionKw[e];
              check(close(correctionKw, Math.abs(dispatchKw - unguardedKw) + consumerShiftKw, 1e-6), () => "guard correction misreported");
              if (consumerShiftKw > 1e-9) {
                check(close(dispatchKw, maxDischargeKw, 1e-9) || close(dispatchKw, -maxChargeKw, 1e-9), () => "consumers moved before the battery was at its limit");
                consumerCorrections++;
              }
              if (Math.abs(dispatchKw - unguardedKw) > 0) batteryCorrections++;
              const load = (c: number) => env.consumerInfo.loadKw[e * numConsumers + c];
              if (env.info.congestionKw[e] > 0) {
                check(close(dispatchKw, maxDischargeKw, 1e-9), () => `congestion with ${dispatchKw} kW of ${maxDischargeKw} discharging`);
                for (let c = 0; c < numConsumers; c++) check(close(load(c), lowest[c], 1e-6), () => `congestion with consumer ${c} above its lowest load`);
              }
              if (env.info.exportViolationKw[e] > 0) {
                check(close(dispatchKw, -maxChargeKw, 1e-9), () => `export violation with ${-dispatchKw} kW of ${maxChargeKw} charging`);
                for (let c = 0; c < numConsumers; c++) check(close(load(c), highest[c], 1e-6), () => `export violation with consumer ${c} below its highest load`);
              }
              const unguardedNetKw = uncontrolledKw - unguardedKw;
              if (unguardedNetKw <= feederCapacityKw && unguardedNetKw >= -exportLimitKw) check(correctionKw === 0, () => "guard changed a safe request");
            }
          }
        },
      ),
      { numRuns: 60 },
    );
    // The random cases did exercise both stages of the guard.
    expect(batteryCorrections).toBeGreaterThan(0);
    expect(consumerCorrections).toBeGreaterThan(0);
    // A tight feeder: the guard discharges to cover load above the capacity; without it the same actions congest.
    const tight = { feederCapacityKw: 1, exportLimitKw: 0.5, episodeSteps: 24, batteryMaxKw: 20, batteryCapacityKwh: 100 };
    const run = (feederGuard: boolean) => {
      const env = new VecGridEnv({ profiles, config: { ...tight, feederGuard }, autoReset: false });
      env.reset({ startSteps: 0 });
      let congestion = 0;
      let correction = 0;
      for (let step = 0; step < 24; step++) {
        env.actions.fill(1);
        env.step();
        congestion += env.info.congestionKw[0];
        correction += env.info.guardCorrectionKw[0];
      }
      return { congestion, correction };
    };
    expect(run(false)).toEqual({ congestion: expect.any(Number), correction: 0 });
    expect(run(false).congestion).toBeGreaterThan(1);
    expect(run(true)).toEqual({ congestion: 0, correction: expect.any(Number) });
    expect(run(true).correction).toBeGreaterThan(1);
  });

  it("keeps the backup reserve from the producer's own discharge and lets only the guard draw on it", () => {
    const tight = { actionMode: "continuous", feederCapacityKw: 1, exportLimitKw: 0.5, episodeSteps: 24, batteryMaxKw: 20, batteryCapacityKwh: 100, batteryReserveFraction: 0.3 } as const;
    const run = (feederGuard: boolean) => {
      const env = new VecGridEnv({ profiles, config: { ...tight, feederGuard }, autoReset: false });
      env.reset({ startSteps: 0 });
      let lowestSoc = 1;
      let congestionKw = 0;
      for (let step = 0; step < 24; step++) {
        env.actions.fill(1); // full discharge asked at every step
        env.step();
        lowestSoc = Math.min(lowestSoc, env.soc[0]);
        congestionKw += env.info.congestionKw[0];
      }
      return { lowestSoc, congestionKw };
    };
    // Unguarded, the producer stops at the reserve (30% of 100 kWh), congestion or not.
    const unguarded = run(false);
    expect(unguarded.lowestSoc).toBeCloseTo(0.3, 9);
    expect(unguarded.congestionKw).toBeGreaterThan(1);
    // Guarded, the guard discharges into the reserve to cover the load above 1 kW.
    const guarded = run(true);
    expect(guarded.lowestSoc).toBeLessThan(0.3);
    expect(guarded.congestionKw).toBeLessThan(unguarded.congestionKw);
  });

  it("with the guard's lookahead, keeps the energy the coming overloads need from the producer's own discharge", () => {
    const base = { actionMode: "continuous", feederCapacityKw: 5, exportLimitKw: 20, episodeSteps: 96, batteryMaxKw: 20, batteryCapacityKwh: 60 } as const;
    const run = (config: GridConfigInput, action: number) => {
      const env = new VecGridEnv({ profiles, config: { ...base, ...config }, autoReset: false });
      env.reset({ startSteps: 0 });
      let congestionKwh = 0;
      let lowestSoc = 1;
      for (let step = 0; step < 96; step++) {
        env.actions.fill(0); // consumers and operator neutral
        env.actions[env.producerIndex] = action;
        env.step();
        congestionKwh += env.info.congestionKw[0] * env.config.dtHours;
        lowestSoc = Math.min(lowestSoc, env.soc[0]);
      }
      return { congestionKwh, lowestSoc };
    };
    // The day's uncontrolled overload, well within the half-full battery's energy.
    const overloadKwh = run({}, 0).congestionKwh;
    expect(overloadKwh).toBeGreaterThan(1);
    expect(overloadKwh).toBeLessThan(0.5 * 60);
    // A producer (alone) discharging as fast as the guard lets it empties the battery before the evening; with a day's
    // lookahead the guard has kept what the overloads need, and the feeder stays within its capacity.
    const myopic = run({ feederGuard: true }, 1);
    const lookahead = run({ feederGuard: true, guardLookaheadHours: 24 }, 1);
    expect(myopic.congestionKwh).toBeGreaterThan(0.5);
    expect(lookahead.congestionKwh).toBe(0);
    // From an empty battery and an idle producer, the guard charges ahead of the overloads while the feeder has room.
    const empty = run({ feederGuard: true, guardLookaheadHours: 24, initialSoc: 0 }, 0);
    expect(run({ feederGuard: true, initialSoc: 0 }, 0).congestionKwh).toBeGreaterThan(0.5);
    expect(empty.congestionKwh).toBe(0);
    // A battery whose fixed headroom leaves less than the overloads need (from noon, flexibility off): the energy
    // wins, and the guard charges into the headroom toward it.
    const fromNoon = (config: GridConfigInput) => {
      const env = new VecGridEnv({ profiles, config: { ...base, flexKw: 0, ...config }, autoReset: false });
      env.reset({ startSteps: 48 });
      let congestionKwh = 0;
      for (let step = 0; step < 96; step++) {
        env.actions.fill(0);
        env.step();
        congestionKwh += env.info.congestionKw[0] * env.config.dtHours;
      }
      return congestionKwh;
    };
    const noonOverloadKwh = fromNoon({});
    const tight = { feederGuard: true, initialSoc: 0.7, batteryCapacityKwh: noonOverloadKwh / 0.8, batteryHeadroomFraction: 0.3 };
    expect(fromNoon(tight)).toBeGreaterThan(1);
    expect(fromNoon({ ...tight, guardLookaheadHours: 24 })).toBe(0);
    // Without the guard the lookahead is off; with it and no overload ahead, nothing changes.
    expect(run({ guardLookaheadHours: 24 }, 1)).toEqual(run({}, 1));
    expect(run({ feederGuard: true, guardLookaheadHours: 24, feederCapacityKw: 100 }, 1)).toEqual(run({ feederGuard: true, feederCapacityKw: 100 }, 1));
  });

  it("with the guard's lookahead, keeps the room the coming export needs from the producer's own charge", () => {
    const sunnyProfiles = generateSyntheticProfiles({ days: 2, seed: 7, solarPeakKw: 12 });
    const base = { actionMode: "continuous", flexKw: 0, feederCapacityKw: 100, exportLimitKw: 2, episodeSteps: 96, batteryMaxKw: 20, batteryCapacityKwh: 60 } as const;
    const run = (config: GridConfigInput, action: number) => {
      const env = new VecGridEnv({ profiles: sunnyProfiles, config: { ...base, ...config }, autoReset: false });
      env.reset({ startSteps: 0 });
      let spillKwh = 0;
      let socSum = 0;
      for (let step = 0; step < 96; step++) {
        env.actions.fill(0); // consumers (without flexibility) and operator neutral
        env.actions[env.producerIndex] = action;
        env.step();
        spillKwh += env.info.exportViolationKw[0] * env.config.dtHours;
        socSum += env.soc[0];
      }
      return { spillKwh, socSum };
    };
    // The day's uncontrolled export above the limit, well within the half-empty battery's room.
    const excessKwh = run({}, 0).spillKwh;
    expect(excessKwh).toBeGreaterThan(1);
    expect(excessKwh).toBeLessThan(0.5 * 60);
    // A producer charging as fast as it can fills the battery from the grid before noon; with a day's lookahead the
    // guard has kept the room the export needs, and the feeder stays within its export limit.
    expect(run({ feederGuard: true }, -1).spillKwh).toBeGreaterThan(1);
    expect(run({ feederGuard: true, guardLookaheadHours: 24 }, -1).spillKwh).toBe(0);
    // From a full battery and an idle producer, the guard discharges ahead of the export while the feeder has room.
    expect(run({ feederGuard: true, initialSoc: 1 }, 0).spillKwh).toBeGreaterThan(1);
    expect(run({ feederGuard: true, guardLookaheadHours: 24, initialSoc: 1 }, 0).spillKwh).toBe(0);
    // With no export above the limit ahead, nothing changes (the battery's whole course included).
    const roomy = { feederGuard: true, exportLimitKw: 100 };
    expect(run({ ...roomy, guardLookaheadHours: 24 }, -1)).toEqual(run(roomy, -1));
  });

  it("keeps the headroom from the producer's own charge and lets only the guard charge into it", () => {
    const sunny = { actionMode: "continuous", exportLimitKw: 0, episodeSteps: 24, batteryMaxKw: 20, batteryCapacityKwh: 100, batteryHeadroomFraction: 0.3 } as const;
    const run = (feederGuard: boolean) => {
      const env = new VecGridEnv({ profiles, config: { ...sunny, feederGuard }, autoReset: false });
      env.reset({ startSteps: 40 }); // 10:00-16:00 of the first day
      let highestSoc = 0;
      let exportViolationKw = 0;
      for (let step = 0; step < 24; step++) {
        env.actions.fill(-1); // full charge asked at every step
        env.step();
        highestSoc = Math.max(highestSoc, env.soc[0]);
        exportViolationKw += env.info.exportViolationKw[0];
      }
      return { highestSoc, exportViolationKw };
    };
    // Unguarded, the producer stops at 70%; guarded, the guard charges above it to keep export within the limit.
    expect(run(false).highestSoc).toBeCloseTo(0.7, 9);
    expect(run(true).highestSoc).toBeGreaterThan(0.7);
    expect(run(true).exportViolationKw).toBeLessThan(run(false).exportViolationKw);
  });

  it("serves a shifting backlog and penalises what is unserved at the end", () => {
    const env = new VecGridEnv({ profiles, config: { flexibilityMode: "shift", episodeSteps: 4 }, autoReset: false });
    env.reset({ startSteps: 0 });
    const consumer = 0;
    const actionsFor = (consumerAction: number) => {
      env.actions.fill(1);
      env.actions[consumer] = consumerAction;
    };
    actionsFor(0); // defer 1.2 kW for 0.25 h: 0.3 kWh backlog
    env.step();
    expect(env.backlogKwh[consumer]).toBeCloseTo(0.3, 12);
    actionsFor(1);
    env.step();
    actionsFor(1);
    env.step();
    actionsFor(1);
    env.step();
    expect(env.dones[0]).toBe(1);
    expect(env.info.unservedKwh[0]).toBeCloseTo(0.3, 12);
    // Serving it back leaves nothing unserved.
    env.reset({ startSteps: 0 });
    actionsFor(0);
    env.step();
    actionsFor(2);
    env.step();
    actionsFor(1);
    env.step();
    actionsFor(1);
    env.step();
    expect(env.info.unservedKwh[0]).toBeCloseTo(0, 12);
  });

  it("loses energy to round-trip efficiency and self-discharge", () => {
    const env = new VecGridEnv({
      profiles,
      config: { batteryRoundTripEfficiency: 0.81, initialSoc: 0.5, episodeSteps: 8 },
      autoReset: false,
    });
    env.reset({ startSteps: 0 });
    env.actions.fill(1);
    env.actions[env.producerIndex] = 0; // charge 4 kW for 0.25 h at the grid: 1 kWh in, 0.9 kWh stored
    env.step();
    expect(env.soc[0]).toBeCloseTo(0.5 + 0.9 / 12, 12);
    env.actions[env.producerIndex] = 2; // discharge 4 kW: 1 kWh out draws 1/0.9 kWh
    env.step();
    expect(env.soc[0]).toBeCloseTo(0.5 + 0.9 / 12 - 1 / 0.9 / 12, 12);
    const leaky = new VecGridEnv({ profiles, config: { batterySelfDischargePerHour: 0.04 }, autoReset: false });
    leaky.reset({ startSteps: 0 });
    leaky.actions.fill(1);
    leaky.step();
    expect(leaky.soc[0]).toBeCloseTo(0.5 * (1 - 0.04 * 0.25), 12);
  });

  it("mixes own and team rewards by alpha", () => {
    const make = (config: GridConfigInput) => {
      const env = new VecGridEnv({ profiles, config, autoReset: false });
      env.reset({ startSteps: 40 });
      env.actions.set([0, 2, 1, 2, 0]);
      env.step();
      return env;
    };
    const own = make({ rewardStructure: "individual" });
    const team = make({ rewardStructure: "team" });
    const mixed = make({ rewardStructure: "mixed", rewardAlpha: 0.3 });
    for (let agent = 0; agent < own.numAgents; agent++) {
      expect(team.rewards[agent]).toBeCloseTo(team.info.teamReward[0], 12);
      expect(mixed.rewards[agent]).toBeCloseTo(0.7 * own.rewards[agent] + 0.3 * team.rewards[agent], 12);
    }
  });

  it("clips flexibility to what is left of the budget when the budget is enforced", () => {
    // flexKw 1.2 kW for 0.25 h is 0.3 kWh a step; a 1.0 kWh budget allows 3 full steps and 0.1 kWh in the 4th.
    const make = (flexBudgetEnforced: boolean) => {
      const env = new VecGridEnv({ profiles, config: { flexBudgetKwh: 1.0, flexBudgetEnforced, episodeSteps: 8 }, autoReset: false });
      env.reset({ startSteps: 40 });
      return env;
    };
    const soft = make(false);
    const hard = make(true);
    const deltas: number[] = [];
    for (let step = 0; step < 6; step++) {
      for (const env of [soft, hard]) {
        env.actions.fill(1);
        env.actions[0] = step % 2 === 0 ? 0 : 2; // consumer 0 alternates defer and add: both use the budget
        env.step();
      }
      deltas.push(hard.consumerInfo.flexDeltaKw[0]);
    }
    expect(deltas.map((delta) => Math.abs(delta))).toEqual([1.2, 1.2, 1.2, expect.closeTo(0.4, 12), 0, 0]);
    expect(Math.sign(deltas[3])).toBe(1);
    expect(hard.flexUsedKwh[0]).toBeCloseTo(1.0, 12);
    expect(soft.flexUsedKwh[0]).toBeCloseTo(1.8, 12);
    // Once the budget is spent the consumer holds: its load is the base load, and no overflow is penalised.
    hard.actions.fill(1);
    hard.actions[0] = 0;
    hard.step();
    expect(Math.abs(hard.consumerInfo.flexDeltaKw[0])).toBe(0);
    expect(hard.flexUsedKwh[0]).toBeCloseTo(1.0, 12);
  });

  it("prices the team's energy cost at the day-ahead price when asked, leaving bills at retail", () => {
    const make = (teamCostPrice: "retail" | "day-ahead") => {
      const env = new VecGridEnv({ profiles, config: { teamCostPrice, rewardStructure: "team", rewardWeights: { rampUsdPerKw: 0, batteryUseUsdPerKwh: 0 } }, autoReset: false });
      env.reset({ startSteps: 70 });
      env.actions.fill(1);
      env.actions[env.operatorIndex] = 2; // adder +0.03 $/kWh
      env.step();
      return env;
    };
    const retail = make("retail");
    const dayAhead = make("day-ahead");
    expect(retail.info.netImportKw[0]).toBeGreaterThan(0);
    expect(retail.info.teamReward[0]).toBeCloseTo(-retail.info.energyCostUsd[0], 12);
    expect(dayAhead.info.teamReward[0]).toBeCloseTo(-dayAhead.info.systemCostUsd[0], 12);
    expect(dayAhead.info.energyCostUsd[0]).toBeCloseTo(retail.info.energyCostUsd[0], 12);
    expect(dayAhead.info.energyCostUsd[0]).toBeGreaterThan(dayAhead.info.systemCostUsd[0]);
    expect(dayAhead.consumerInfo.billUsd[0]).toBeCloseTo(retail.consumerInfo.billUsd[0], 12);
  });

  it("gives each agent, under difference rewards, the team reward minus that of the same step with its own action neutral, plus its own shaping", () => {
    // By definition, replayed: a second env follows the same actions, except that at the checked step one agent
    // takes its neutral action (no flexibility, idle battery, no adder); its team reward is the counterfactual.
    fc.assert(
      fc.property(
        fc.record({
          flexibilityMode: fc.constantFrom("curtail" as const, "shift" as const),
          teamCostPrice: fc.constantFrom("retail" as const, "day-ahead" as const),
          flexBudgetEnforced: fc.boolean(),
          batterySelfDischargePerHour: fc.constantFrom(0, 0.02),
          batteryDegradationUsdPerKwh: fc.constantFrom(0, 0.05),
          exportLimitKw: fc.constantFrom(0.5, 2),
          feederCapacityKw: fc.constantFrom(4, 9.5),
          storedEnergyUsdPerKwh: fc.constantFrom(0, 0.1),
          flexBudgetUsdPerKwh: fc.constantFrom(0, 0.12),
        }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer(),
        ({ storedEnergyUsdPerKwh, flexBudgetUsdPerKwh, ...rest }, start, seed) => {
          const make = (shaped: boolean) => {
            const rewardWeights = shaped ? { storedEnergyUsdPerKwh, flexBudgetUsdPerKwh } : {};
            const config: GridConfigInput = { ...rest, episodeSteps: 6, flexBudgetKwh: 0.6, rewardStructure: "difference", rewardWeights };
            const env = new VecGridEnv({ profiles, config, autoReset: false });
            env.reset({ startSteps: start });
            return env;
          };
          const env = make(false);
          const shaped = make(true);
          const history: Float32Array[] = [];
          for (let step = 0; step < 6; step++) {
            fillActions(env, seed, step);
            const actions = Float32Array.from(env.actions);
            const storedBeforeKwh = shaped.soc[0] * shaped.config.batteryCapacityKwh;
            env.step(actions);
            shaped.step(actions);
            const done = step === 5;
            for (let agent = 0; agent < env.numAgents; agent++) {
              const replay = make(false);
              for (const past of history) replay.step(past);
              const neutral = Float32Array.from(actions);
              neutral[agent] = 1;
              replay.step(neutral);
              const expected = env.info.teamReward[0] - replay.info.teamReward[0];
              check(close(env.rewards[agent], expected, 1e-12), () => `step ${step}, ${env.agentIds[agent]}: ${env.rewards[agent]} != ${expected}`);
              // Shaping: each agent gets the potential of its own state only.
              let ownShaping = 0;
              if (agent < env.numConsumers) {
                const usedKwh = Math.abs(shaped.consumerInfo.flexDeltaKw[agent]) * shaped.config.dtHours;
                ownShaping = -flexBudgetUsdPerKwh * (usedKwh + (done ? 0.6 - shaped.flexUsedKwh[agent] : 0));
              } else if (agent === env.producerIndex) {
                const storedAfterKwh = shaped.soc[0] * shaped.config.batteryCapacityKwh;
                ownShaping = storedEnergyUsdPerKwh * (storedAfterKwh - storedBeforeKwh - (done ? storedAfterKwh : 0));
              }
              check(close(shaped.rewards[agent], env.rewards[agent] + ownShaping, 1e-12), () => `step ${step}, ${env.agentIds[agent]}: shaped ${shaped.rewards[agent]}`);
            }
            history.push(actions);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("with differenceSharesViolations, every agent's difference reward also bears the step's violation costs", () => {
    const weights = { congestionUsdPerKwh: 3, spillUsdPerKwh: 1.5, violationStepUsd: 0.4 };
    const config: GridConfigInput = { rewardStructure: "difference", feederCapacityKw: 6, exportLimitKw: 1, rewardWeights: weights, episodeSteps: 96 };
    const plain = new VecGridEnv({ profiles, config, numEnvs: 3, seed: 5 });
    const shared = new VecGridEnv({ profiles, config: { ...config, differenceSharesViolations: true }, numEnvs: 3, seed: 5 });
    let violating = 0;
    for (let step = 0; step < 150; step++) {
      fillActions(plain, 11, step);
      shared.actions.set(plain.actions);
      plain.step();
      shared.step();
      for (let e = 0; e < 3; e++) {
        const congestionKw = plain.info.congestionKw[e];
        const spillKw = plain.info.exportViolationKw[e];
        expect(shared.info.netImportKw[e]).toBe(plain.info.netImportKw[e]);
        const costUsd = congestionKw > 0 || spillKw > 0 ? (3 * congestionKw + 1.5 * spillKw) * 0.25 + 0.4 : 0;
        if (costUsd > 0) violating++;
        for (let agent = 0; agent < plain.numAgents; agent++) {
          const index = agent * 3 + e;
          check(close(shared.rewards[index], plain.rewards[index] - costUsd, 1e-12), () => `agent ${agent}: ${shared.rewards[index]} != ${plain.rewards[index]} - ${costUsd}`);
        }
      }
    }
    expect(violating).toBeGreaterThan(10);
    // Other reward structures are unchanged by it.
    const team = new VecGridEnv({ profiles, config: { ...config, rewardStructure: "team", differenceSharesViolations: true }, seed: 5 });
    const teamPlain = new VecGridEnv({ profiles, config: { ...config, rewardStructure: "team" }, seed: 5 });
    fillActions(teamPlain, 11, 0);
    team.actions.set(teamPlain.actions);
    team.step();
    teamPlain.step();
    expect(Array.from(team.rewards)).toEqual(Array.from(teamPlain.rewards));
  });

  it("replaces reward weights on request, validated, and leaves the physics alone", () => {
    const env = new VecGridEnv({ profiles, config: { rewardStructure: "team" }, autoReset: false });
    env.setRewardWeights({ congestionUsdPerKwh: 7 });
    expect(env.config.rewardWeights.congestionUsdPerKwh).toBe(7);
    expect(env.config.rewardWeights.spillUsdPerKwh).toBe(2);
    expect(env.config.feederCapacityKw).toBe(9.5);
    expect(() => env.setRewardWeights({ spillUsdPerKwh: -1 })).toThrowError(/setRewardWeights\.rewardWeights\.spillUsdPerKwh/);
    expect(env.config.rewardWeights.spillUsdPerKwh).toBe(2);
  });

  it("charges violationStepUsd once per step with congestion or export violation, and never otherwise, and counts those steps", () => {
    const make = (violationStepUsd: number) => {
      const env = new VecGridEnv({ profiles, config: { feederCapacityKw: 3, exportLimitKw: 0.5, episodeSteps: 96, rewardStructure: "team", rewardWeights: { violationStepUsd } }, autoReset: false });
      env.reset({ startSteps: 0 });
      return env;
    };
    const plain = make(0);
    const charged = make(0.3);
    let violating = 0;
    let clean = 0;
    for (let step = 0; step < 96; step++) {
      for (const env of [plain, charged]) {
        fillActions(env, 5, step);
        env.step();
      }
      const violated = plain.info.congestionKw[0] > 0 || plain.info.exportViolationKw[0] > 0;
      if (violated) violating++;
      else clean++;
      expect(plain.info.teamReward[0] - charged.info.teamReward[0]).toBeCloseTo(violated ? 0.3 : 0, 12);
    }
    expect(violating).toBeGreaterThan(0);
    expect(clean).toBeGreaterThan(0);
    // The running counts see the same steps; a finished episode's further steps are not counted.
    expect(plain.counts).toEqual({ envSteps: 96, violatingSteps: violating });
    plain.step();
    expect(plain.counts).toEqual({ envSteps: 96, violatingSteps: violating });
  });

  it("shapes the team reward by stored energy so that an episode's shaping sums to minus the initial stored value", () => {
    const make = (storedEnergyUsdPerKwh: number) => {
      const env = new VecGridEnv({ profiles, config: { episodeSteps: 24, rewardWeights: { storedEnergyUsdPerKwh } }, autoReset: false });
      env.reset({ startSteps: 30 });
      return env;
    };
    const plain = make(0);
    const shaped = make(0.1);
    let shapingSum = 0;
    for (let step = 0; step < 24; step++) {
      for (const env of [plain, shaped]) {
        env.actions.fill(1);
        env.actions[env.producerIndex] = step < 10 ? 0 : step < 14 ? 1 : 2; // charge, hold, discharge
        env.step();
      }
      const shaping = shaped.info.teamReward[0] - plain.info.teamReward[0];
      if (step === 0) expect(shaping).toBeCloseTo(0.1 * 4 * 0.25, 12); // 1 kWh charged is credited at once
      if (step === 12) expect(shaping).toBeCloseTo(0, 12);
      shapingSum += shaping;
    }
    expect(shaped.dones[0]).toBe(1);
    expect(shapingSum).toBeCloseTo(-0.1 * 0.5 * 12, 10);
    // The same for the unused flexibility budget: consumers defer in some steps, the sum is minus the total budget's value.
    const budgetPlain = new VecGridEnv({ profiles, config: { episodeSteps: 24 }, autoReset: false });
    const budgetShaped = new VecGridEnv({ profiles, config: { episodeSteps: 24, rewardWeights: { flexBudgetUsdPerKwh: 0.2 } }, autoReset: false });
    let budgetSum = 0;
    for (const env of [budgetPlain, budgetShaped]) env.reset({ startSteps: 30 });
    for (let step = 0; step < 24; step++) {
      for (const env of [budgetPlain, budgetShaped]) {
        env.actions.fill(1);
        if (step % 3 === 0) env.actions[1] = 0;
        env.step();
      }
      const shaping = budgetShaped.info.teamReward[0] - budgetPlain.info.teamReward[0];
      if (step === 0) expect(shaping).toBeCloseTo(-0.2 * 1.0 * 0.25, 12); // consumer 1 deferred 1.0 kW for 0.25 h
      budgetSum += shaping;
    }
    expect(budgetSum).toBeCloseTo(-0.2 * 3 * 3.0, 10);
    expect(shaped.info.systemCostUsd[0]).toBe(plain.info.systemCostUsd[0]);
  });

  it("shows broadcast actions, delayed and dropped as configured", () => {
    const env = new VecGridEnv({ profiles, config: { communication: "broadcast", communicationDelaySteps: 1 }, autoReset: false });
    env.reset({ startSteps: 0 });
    const extras = (agent: number) =>
      Array.from(env.observations.subarray(agent * env.observationSize + 11, agent * env.observationSize + 11 + env.numAgents));
    env.actions.set([0, 0, 0, 0, 0]);
    env.step();
    expect(extras(0)).toEqual([0, 0, 0, 0, 0]); // one step late: the reset's zeros
    env.actions.set([2, 2, 2, 2, 2]);
    env.step();
    expect(extras(3)).toEqual([-1, -1, -1, -1, -1]); // the first step's actions
    const dropping = new VecGridEnv({ profiles, config: { communication: "global-state", communicationDropProbability: 1 } });
    for (let agent = 0; agent < dropping.numAgents; agent++) {
      const start = agent * dropping.observationSize + 11;
      expect(Array.from(dropping.observations.subarray(start, start + dropping.stateSize)).every((v) => v === 0)).toBe(true);
    }
  });

  it("scales to 1,000 consumers", () => {
    const env = new VecGridEnv({
      profiles,
      config: { consumerShares: new Array(1000).fill(0.001), flexKw: 0.01, minConsumerLoadKw: 0 },
      numEnvs: 2,
    });
    env.actions.fill(2);
    env.step();
    expect(env.numAgents).toBe(1002);
    expect(env.info.netImportKw[0]).toBeCloseTo(
      profiles.baseLoadKw[env.startStep[0]] + 1000 * 0.01 - profiles.solarKw[env.startStep[0]] - 4,
      6,
    );
  });
});

describe("configuration", () => {
  it("defaults to the article's GridConfig", () => {
    const config = parseGridConfig({});
    expect(config).toMatchObject({
      dtHours: 0.25,
      episodeSteps: 96,
      feederCapacityKw: 9.5,
      exportLimitKw: 2.0,
      batteryCapacityKwh: 12.0,
      batteryMaxKw: 4.0,
      consumerShares: [0.45, 0.35, 0.2],
      flexKw: [1.2, 1.0, 0.8],
      flexBudgetKwh: 3.0,
    });
  });

  it("rejects a reserve and headroom that leave the producer none of the battery", () => {
    expect(() => parseGridConfig({ batteryReserveFraction: 0.6, batteryHeadroomFraction: 0.4 }, "study.env")).toThrow(
      /study\.env\.batteryHeadroomFraction: 0\.4 with batteryReserveFraction 0\.6 leaves the producer none of the battery; expected the two to sum below 1/,
    );
    expect(parseGridConfig({ batteryReserveFraction: 0.6, batteryHeadroomFraction: 0.3 }).batteryHeadroomFraction).toBe(0.3);
  });

  it("rejects an invalid field with its path and the reason", () => {
    expect(() => parseGridConfig({ flexKw: [1, -2, 1] })).toThrowError(/config\.flexKw\[1\]/);
    expect(() => parseGridConfig({ rewardStructure: "selfish" })).toThrowError(/config\.rewardStructure: .*"article"/);
    expect(() => parseGridConfig({ feederCapacityKW: 3 })).toThrowError(ConfigError);
    expect(() => parseGridConfig({ rewardWeights: { rampUsdPerKw: "high" } })).toThrowError(/config\.rewardWeights\.rampUsdPerKw/);
  });

  it("rejects consumer arrays of the wrong length and a step that does not match the data", () => {
    expect(() => new VecGridEnv({ profiles, config: { flexKw: [1, 1] } })).toThrowError(/config\.flexKw: 2 values for 3 consumers/);
    expect(() => new VecGridEnv({ profiles, config: { dtHours: 1 } })).toThrowError(/config\.dtHours/);
    // Written in its concern, the field is named where it was written.
    expect(() => new VecGridEnv({ profiles, config: { physics: { flexKw: [1, 1] } } })).toThrowError(/config\.physics\.flexKw: 2 values for 3 consumers/);
    expect(() => new VecGridEnv({ profiles, startSteps: [5000] })).toThrowError(/startSteps\[0\]: 5000/);
  });

  it("refuses more copies than its observation buffer can index, before allocating them", () => {
    // 5 agents x 11 entries x 2^25 copies = 1.8e9 entries, past the 2^30 the observation writer's offsets assume.
    expect(() => new VecGridEnv({ profiles, numEnvs: 2 ** 25 })).toThrowError(/numEnvs: 33554432 copies x 5 agents x 11 observation entries = 1845493760; at most 1073741824/);
  });

  it("rejects an action that is not a valid level", () => {
    const env = new VecGridEnv({ profiles });
    env.actions.fill(1);
    env.actions[2] = 3;
    expect(() => env.step()).toThrowError(/action 3 of consumer_2 is not an integer in \[0, 2\]/);
  });
});
