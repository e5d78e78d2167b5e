// The environment the speed benchmarks step (env-speed.mjs, env-instructions.mjs): consumers sharing the article's
// feeder load evenly, and fixed tables of valid actions cycled so every branch of the physics runs.

/** VecGridEnv options for `numEnvs` copies of `numConsumers` consumers, with `extraConfig` over the feeder's. */
export function benchEnvOptions(profiles, numEnvs, numConsumers, extraConfig = {}) {
  const config = {
    consumerShares: new Array(numConsumers).fill(1 / numConsumers),
    flexKw: 3 / numConsumers,
    minConsumerLoadKw: 0.05 / numConsumers,
    feederCapacityKw: 9.5,
    ...extraConfig,
  };
  return { profiles, numEnvs, seed: 1, config };
}

/** `variants` tables of valid action levels for `env`, to cycle through. */
export function actionTables(env, variants = 16) {
  const tables = [];
  for (let v = 0; v < variants; v++) {
    const actions = new Float32Array(env.actions.length);
    for (let i = 0; i < actions.length; i++) actions[i] = (i * 7 + v * 3) % env.numActions;
    tables.push(actions);
  }
  return tables;
}

/**
 * The feeder guard and its 24-hour lookahead, for the rows that measure the safety layer: on the oracle (the
 * lookahead the kernel had before guardForecast), and on the forecast model with 10% noise.
 */
export const GUARD_CONFIGS = {
  oracle: { feederGuard: true, guardLookaheadHours: 24, guardForecast: "oracle" },
  forecast: { feederGuard: true, guardLookaheadHours: 24, guardForecast: "forecast", forecastNoiseStd: 0.1 },
};

/**
 * A VecGridEnv of `Env` (this checkout's or another build's) for a bench row: `guard` is undefined (no guard) or a key
 * of {@link GUARD_CONFIGS}; `moreConfig` is merged over it. A build from before `guardForecast` refuses that field: it
 * runs the oracle rows without it (its lookahead was the oracle) and not the forecast rows (undefined).
 */
export function benchEnv(Env, profiles, numEnvs, numConsumers, guard, moreConfig = {}) {
  const extra = { ...(guard ? GUARD_CONFIGS[guard] : {}), ...moreConfig };
  try {
    return new Env(benchEnvOptions(profiles, numEnvs, numConsumers, extra));
  } catch (error) {
    if (guard === undefined) throw error;
    if (guard === "forecast") return undefined;
    const { guardForecast: _oracle, ...before } = extra;
    return new Env(benchEnvOptions(profiles, numEnvs, numConsumers, before));
  }
}

/**
 * Configurations a study's process steps besides the one a bench row measures: the guard and its lookahead,
 * broadcast messages, `shift` flexibility, finer action levels, observation noise, a battery reserve. Stepping them
 * first gives the kernel's code the variety of types and branches it meets in a long-lived process.
 */
export const OTHER_CONFIGS = [
  { feederGuard: true, guardLookaheadHours: 24 },
  { communication: "broadcast" },
  { flexibilityMode: "shift" },
  { actionLevels: 11 },
  { observationNoiseStd: 0.05 },
  { batteryReserveFraction: 0.2, feederGuard: true },
];

/** Steps each of {@link OTHER_CONFIGS} (8 copies, then one) with `Env`; a configuration the build refuses is skipped. */
export function stepOtherConfigs(Env, profiles) {
  for (const extra of OTHER_CONFIGS) {
    for (const numEnvs of [8, 1]) {
      let env;
      try {
        env = new Env(benchEnvOptions(profiles, numEnvs, 3, extra));
      } catch {
        continue;
      }
      const tables = actionTables(env);
      for (let i = 0; i < 2000; i++) env.step(tables[i % tables.length]);
    }
  }
}
