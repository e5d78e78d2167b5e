import { actorCriticAlgorithm } from "./actor-critic.js";
import { registerAlgorithm } from "./algorithm.js";
import { maddpgAlgorithm } from "./maddpg.js";
import { publishedRecipe, type TrainingRecipe } from "./recipe.js";

/**
 * The PPO settings the derived recipe trains ippo and mappo with (benchmarks/RESULTS.md, "Difference rewards"):
 * undiscounted returns over the one-day episode (gamma 1) with GAE lambda 0.5, and a network per role (the consumers
 * share one), so the producer's battery policy is not averaged with the consumers'.
 */
const PPO_RECIPE_CONFIG = { gamma: 1, gaeLambda: 0.5, sharing: "role" };

/** ippo and mappo: the derived recipe with the PPO settings above. */
const ppoRecipe = (derived: TrainingRecipe) => ({
  recipe: { ...derived, config: { ...PPO_RECIPE_CONFIG, ...derived.config } },
  reasons: ["config gamma 1, gaeLambda 0.5, sharing role: whole-day returns, short-horizon advantages, a network per role"],
});

/**
 * The article's centralised-critic actor-critic, faithful to its code: per-agent actors on local observations,
 * one critic on the global state, the joint (mean) reward, discounted Monte-Carlo returns, entropy bonus 1e-3,
 * Adam 3e-4 (actors) and 5e-4 (critic), one update per episode, one environment, no normalisation or clipping.
 */
export const acCtdeAlgorithm = {
  ...actorCriticAlgorithm("ac-ctde", "The seed article's actor-critic: per-agent actors, central critic on the global state, one update per episode", {
  numEnvs: 1,
  rolloutSteps: 96,
  epochs: 1,
  minibatches: 1,
  actorLearningRate: 3e-4,
  criticLearningRate: 5e-4,
  gamma: 0.99,
  gaeLambda: 1,
  clipRange: 0,
  valueClipRange: 0,
  entropyCoefficient: 1e-3,
  maxGradNorm: 0,
  normalizeAdvantages: false,
  normalizeRewards: false,
  rewardMode: "joint",
  criticInput: "state",
  hiddenSizes: [64, 64],
  sharing: "none",
  }),
  recipe: publishedRecipe(28_800, "the article's algorithm as published (its 300 episodes of 96 steps)"),
};

/** Independent PPO: shared actor over agents (role input), critics on local observations. */
export const ippoAlgorithm = {
  ...actorCriticAlgorithm("ippo", "Independent PPO: clipped surrogate, GAE, critics on local observations", { criticInput: "local" }),
  recipe: ppoRecipe,
};

/** MAPPO: IPPO with a centralised critic on the global state plus the agent's own features. */
export const mappoAlgorithm = {
  ...actorCriticAlgorithm("mappo", "MAPPO: PPO with a centralised critic on the global state (agent-specific)", { criticInput: "global" }),
  recipe: ppoRecipe,
};

let registered = false;

/** Registers the built-in algorithms (idempotent; the package index calls it). */
export function registerBuiltinAlgorithms(): void {
  if (registered) return;
  registered = true;
  registerAlgorithm(acCtdeAlgorithm);
  registerAlgorithm(ippoAlgorithm);
  registerAlgorithm(mappoAlgorithm);
  registerAlgorithm(maddpgAlgorithm);
}
