import type { Policy, VecGridEnv } from "@grid/env";
import { type AgentShape, actorInputSize, type NetworkSet, writeActorInputs } from "./actors.js";
import { tf } from "./tensorflow.js";

/** What an actor network outputs: logits over discrete levels, or one pre-tanh continuous action. */
export type ActorOutput = "logits" | "tanh";

/**
 * A trained actor set as a {@link Policy}: for evaluation it acts greedily (the most likely level, or the
 * deterministic continuous action), all agents and envs in one forward pass per network and one download.
 */
export class ActorPolicy implements Policy {
  private inputBuffer = new Float32Array(0);

  constructor(
    readonly name: string,
    readonly actors: NetworkSet,
    readonly output: ActorOutput,
    /** Whether {@link dispose} releases the networks (false when a trainer still uses them). */
    private readonly ownsNetworks = true,
  ) {}

  act(env: VecGridEnv, actions: Float32Array): void {
    checkShape(this.actors.shape, env);
    const width = actorInputSize(this.actors.shape);
    const rows = env.numAgents * env.numEnvs;
    if (this.inputBuffer.length !== rows * width) this.inputBuffer = new Float32Array(rows * width);
    writeActorInputs(env, this.inputBuffer);
    const outputs = tf.tidy(() => {
      const out = this.actors.apply(tf.tensor2d(this.inputBuffer, [rows, width]), this.actors.rowsPerGroup(env.numEnvs));
      return this.output === "logits" ? tf.argMax(out, 1) : tf.tanh(out);
    });
    const values = outputs.dataSync();
    outputs.dispose();
    for (let row = 0; row < rows; row++) actions[row] = values[row];
  }

  dispose(): void {
    if (this.ownsNetworks) this.actors.dispose();
  }
}

/** Throws when an environment does not have the agents and observation size a network was built for. */
export function checkShape(shape: AgentShape, env: VecGridEnv): void {
  if (env.numAgents !== shape.numAgents || env.numConsumers !== shape.numConsumers || env.observationSize !== shape.observationSize) {
    throw new Error(
      `the policy was trained for ${shape.numConsumers} consumers and observations of ${shape.observationSize} entries; this environment has ${env.numConsumers} consumers and observations of ${env.observationSize} (communication and forecastFeatures set the size)`,
    );
  }
  if ((shape.numActions === 0) !== (env.numActions === 0) || shape.numActions !== env.numActions) {
    throw new Error(
      `the policy acts with ${shape.numActions === 0 ? "continuous actions" : `${shape.numActions} discrete levels`}; this environment's actionMode/actionLevels give ${env.numActions === 0 ? "continuous actions" : `${env.numActions} levels`}`,
    );
  }
}
