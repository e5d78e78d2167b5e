import type { Policy, VecGridEnv } from "@grid/env";
import { holdAction } from "./actions.js";

/** `idle`: no control. Every consumer holds, the battery idles and the tariff adder is 0, at every step. */
export class IdlePolicy implements Policy {
  readonly name = "idle";

  act(env: VecGridEnv, actions: Float32Array): void {
    actions.fill(holdAction(env));
  }
}
