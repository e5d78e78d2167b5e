/**
 * The one place this package loads TensorFlow.js. tfjs-core's Node bundle leaves out the gradient
 * registrations; the side-effect import below registers them (tsup bundles that one entry, see tsup.config.ts).
 * Production mode skips tfjs' per-op debug checks and its "install tfjs-node" banner.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import "@tensorflow/tfjs-backend-cpu";

tf.enableProdMode();

export { tf };
