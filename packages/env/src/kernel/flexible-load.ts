import { actionValueOf } from "./actions.js";
import { type Kernel, profileStep } from "./kernel.js";

/**
 * Stage: each consumer's flexible load from its action (up to its flexible power, within the budget left when the
 * budget is enforced, never below the load floor); writes the loads, the flexibility, each consumer's limit of
 * the step and the total demand.
 */
export function flexibleLoadStage(kernel: Kernel): void {
  const { config, numEnvs, numConsumers, state, work } = kernel;
  const { consumerLoadKw, consumerFlexKw, profileLength } = kernel.data;
  const { loadKw, flexDeltaKw } = kernel.consumerInfo;
  const { flexLimitKw, demandKw } = work;
  const { finished, flexUsedKwh } = state;
  const dt = +config.dtHours;
  const enforceBudget = config.flexBudgetEnforced;
  const budgetKwh = +config.flexBudgetKwh;
  // `+`: a float64 for V8. Read from its field the floor is a tagged value, and the floored load below (`base > min ?
  // base : min`) would then be boxed, a heap allocation per consumer and step.
  const minLoadKw = +config.minConsumerLoadKw;
  for (let env = 0; env < numEnvs; env++) {
    if (finished[env]) continue;
    const t = profileStep(state, env);
    const consumerBase = env * numConsumers;
    let totalDemandKw = 0;
    for (let c = 0; c < numConsumers; c++) {
      const slot = consumerBase + c;
      let deltaKw = actionValueOf(kernel, c, env) * consumerFlexKw[c];
      let limitKw = consumerFlexKw[c];
      if (enforceBudget) {
        const leftKw = (budgetKwh - flexUsedKwh[slot]) / dt;
        const allowedKw = leftKw > 0 ? leftKw : 0;
        if (deltaKw > allowedKw) deltaKw = allowedKw;
        else if (deltaKw < -allowedKw) deltaKw = -allowedKw;
        if (allowedKw < limitKw) limitKw = allowedKw;
      }
      flexLimitKw[slot] = limitKw;
      const base = consumerLoadKw[c * profileLength + t] + deltaKw;
      const load = base > minLoadKw ? base : minLoadKw;
      loadKw[slot] = load;
      flexDeltaKw[slot] = deltaKw;
      totalDemandKw += load;
    }
    demandKw[env] = totalDemandKw;
  }
}

/** Stage: the flexibility the step used (after the feeder guard), into the episode's account and, in `shift` mode, the backlog. */
export function flexAccountStage(kernel: Kernel): void {
  const { config, numEnvs, numConsumers, state } = kernel;
  const deltas = kernel.consumerInfo.flexDeltaKw;
  const { finished, flexUsedKwh, backlogKwh } = state;
  const dt = +config.dtHours;
  const shift = config.flexibilityMode === "shift";
  for (let env = 0; env < numEnvs; env++) {
    if (finished[env]) continue;
    const consumerBase = env * numConsumers;
    for (let c = 0; c < numConsumers; c++) {
      flexUsedKwh[consumerBase + c] += Math.abs(deltas[consumerBase + c]) * dt;
      if (shift) backlogKwh[consumerBase + c] -= deltas[consumerBase + c] * dt;
    }
  }
}
