import { tf } from "./tensorflow.js";

/** Adam's state, copied out of TensorFlow.js: its step count, the bias corrections and both moments per variable. */
export interface AdamState {
  /** Updates applied so far. */
  iterations: number;
  /** beta1 and beta2 to the power (iterations + 1), as Adam keeps them for bias correction. */
  accBeta1: number;
  accBeta2: number;
  /** First and second moments, one array per variable in the order the optimiser first saw them (empty before any update). */
  firstMoments: Float32Array[];
  secondMoments: Float32Array[];
}

/** The fields of tfjs-core's AdamOptimizer (4.x) this module reads and writes; `getWeights` is async, saving is not. */
interface AdamInternals {
  iterations_?: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

function internals(optimizer: tf.Optimizer): AdamInternals {
  const adam = optimizer as unknown as Partial<AdamInternals>;
  if (!(optimizer instanceof tf.AdamOptimizer) || adam.accBeta1 === undefined || !Array.isArray(adam.accumulatedFirstMoment)) {
    throw new Error(`optimizer ${optimizer.getClassName()}: only tfjs-core 4.x's Adam state can be saved; this TensorFlow.js build does not expose it`);
  }
  return adam as AdamInternals;
}

/** Copies an Adam optimiser's state (synchronously: one download per moment). */
export function readAdamState(optimizer: tf.Optimizer): AdamState {
  const adam = internals(optimizer);
  return {
    iterations: adam.iterations_ ?? 0,
    accBeta1: adam.accBeta1.dataSync()[0],
    accBeta2: adam.accBeta2.dataSync()[0],
    firstMoments: adam.accumulatedFirstMoment.map((moment) => Float32Array.from(moment.variable.dataSync())),
    secondMoments: adam.accumulatedSecondMoment.map((moment) => Float32Array.from(moment.variable.dataSync())),
  };
}

/**
 * Overwrites an Adam optimiser's state with a saved one, for `variables` (the optimised variables, in the order
 * their gradients are applied). Throws when the saved moments do not fit the variables.
 */
export function writeAdamState(optimizer: tf.Optimizer, state: AdamState, variables: readonly tf.Variable[]): void {
  const adam = internals(optimizer);
  const count = state.firstMoments.length;
  if (count !== state.secondMoments.length || (count !== 0 && count !== variables.length)) {
    throw new Error(`optimizer state: ${count} first and ${state.secondMoments.length} second moments for ${variables.length} variables`);
  }
  for (let index = 0; index < count; index++) {
    const variable = variables[index];
    for (const moments of [state.firstMoments, state.secondMoments]) {
      if (moments[index].length !== variable.size) {
        throw new Error(`optimizer state: moment ${index} has ${moments[index].length} values; variable ${variable.name} has ${variable.size}`);
      }
    }
  }
  for (const moment of [...adam.accumulatedFirstMoment, ...adam.accumulatedSecondMoment]) moment.variable.dispose();
  const build = (values: Float32Array, variable: tf.Variable, suffix: string) => ({
    originalName: `${variable.name}/${suffix}`,
    variable: tf.tidy(() => tf.tensor(values, variable.shape).variable(false)),
  });
  adam.accumulatedFirstMoment = state.firstMoments.map((values, index) => build(values, variables[index], "m"));
  adam.accumulatedSecondMoment = state.secondMoments.map((values, index) => build(values, variables[index], "v"));
  adam.iterations_ = state.iterations;
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(state.accBeta1));
    adam.accBeta2.assign(tf.scalar(state.accBeta2));
  });
}
