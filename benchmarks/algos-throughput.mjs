// Training throughput of the learning algorithms: env-steps per second including rollouts and updates, with the
// time split between the environment, the networks (forward passes, gradients, optimiser, downloads) and the rest.
// Usage: node benchmarks/algos-throughput.mjs [--algo ippo] [--seconds 20] [--backend wasm] (after pnpm build)
import { parseArgs } from "node:util";
import { createTrainer, selectBackend } from "@grid/algos";
import { getScenario, startStepsInDays } from "@grid/env";

const { values } = parseArgs({
  options: {
    algo: { type: "string", default: "ippo" },
    seconds: { type: "string", default: "20" },
    backend: { type: "string" },
    scenario: { type: "string", default: "seed" },
    config: { type: "string", default: "{}" },
  },
});
const backend = await selectBackend(values.backend);
const scenario = getScenario(values.scenario);
const profiles = scenario.loadProfiles();
const setup = { profiles, envConfig: scenario.config, trainStartSteps: startStepsInDays(profiles, scenario.trainDays, 96), seed: 0 };
const trainer = createTrainer(values.algo, setup, JSON.parse(values.config));
trainer.iterate(); // warm-up: kernel compilation, buffer growth
let steps = 0;
const split = { envMs: 0, networkMs: 0, otherMs: 0 };
const started = performance.now();
while (performance.now() - started < Number(values.seconds) * 1000) {
  const stats = trainer.iterate();
  steps += stats.envSteps;
  split.envMs += stats.envMs;
  split.networkMs += stats.networkMs;
  split.otherMs += stats.otherMs;
}
const seconds = (performance.now() - started) / 1000;
const total = split.envMs + split.networkMs + split.otherMs;
const share = (ms) => `${((100 * ms) / total).toFixed(1)}%`;
const result = {
  algorithm: values.algo,
  backend,
  scenario: scenario.name,
  config: trainer.config,
  envSteps: steps,
  seconds: Number(seconds.toFixed(2)),
  envStepsPerSecond: Math.round(steps / seconds),
  split: { env: share(split.envMs), networks: share(split.networkMs), other: share(split.otherMs) },
};
trainer.dispose();
console.log(JSON.stringify(result));
