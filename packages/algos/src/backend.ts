import { createRequire } from "node:module";
import { dirname } from "node:path";
import { tf } from "./tensorflow.js";

/**
 * The TensorFlow.js backends this package can run on, best first:
 * `tensorflow-gpu` (`@tensorflow/tfjs-node-gpu`, CUDA), `tensorflow` (`@tensorflow/tfjs-node`, native CPU),
 * `wasm` (`@tensorflow/tfjs-backend-wasm`, SIMD WebAssembly shipped inside the package), `cpu` (pure JS).
 */
export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";

/** Every backend name, best first. */
export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

const NATIVE_PACKAGES: Record<"tensorflow-gpu" | "tensorflow", string> = {
  "tensorflow-gpu": "@tensorflow/tfjs-node-gpu",
  tensorflow: "@tensorflow/tfjs-node",
};

let wasmRegistered: Promise<boolean> | undefined;
const nativeLoaded = new Map<string, Promise<boolean>>();
let activeBackend: BackendName | undefined;

/** Registers the wasm backend once, pointing it at the `.wasm` files inside its package. */
function registerWasm(): Promise<boolean> {
  wasmRegistered ??= (async () => {
    try {
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      const require = createRequire(import.meta.url);
      wasm.setWasmPaths(`${dirname(require.resolve("@tensorflow/tfjs-backend-wasm"))}/`);
      return true;
    } catch {
      return false;
    }
  })();
  return wasmRegistered;
}

/**
 * Loads a native binding (`@tensorflow/tfjs-node(-gpu)`) when it is installed and loadable. They are not
 * dependencies of this package (their install downloads libtensorflow): see the README to opt in.
 */
function loadNative(name: "tensorflow-gpu" | "tensorflow"): Promise<boolean> {
  let loaded = nativeLoaded.get(name);
  if (!loaded) {
    const packageName = NATIVE_PACKAGES[name];
    loaded = import(/* @vite-ignore */ packageName).then(
      () => true,
      () => false,
    );
    nativeLoaded.set(name, loaded);
  }
  return loaded;
}

/** Whether a backend can be used on this machine (its package is installed and initialises). */
export async function isBackendAvailable(name: BackendName): Promise<boolean> {
  if (name === "cpu") return true;
  if (name === "wasm") return registerWasm();
  // Both native packages register the same "tensorflow" backend; tfjs-node-gpu fails to load without CUDA.
  return (await loadNative(name)) && tf.findBackend("tensorflow") !== null;
}

/** The backends usable here, best first. */
export async function availableBackends(): Promise<BackendName[]> {
  const usable: BackendName[] = [];
  for (const name of BACKEND_NAMES) if (await isBackendAvailable(name)) usable.push(name);
  return usable;
}

/**
 * Selects and initialises a backend: `preference` (or the `GRID_BACKEND` environment variable) names one of
 * {@link BACKEND_NAMES} or `auto` (the best available, the default). Throws when a named backend is unknown or
 * unavailable, saying which are. Returns the backend now active.
 */
export async function selectBackend(preference: string | undefined = process.env.GRID_BACKEND): Promise<BackendName> {
  const wanted = preference === undefined || preference === "" ? "auto" : preference;
  let chosen: BackendName | undefined;
  if (wanted === "auto") {
    for (const name of BACKEND_NAMES) {
      if (await isBackendAvailable(name)) {
        chosen = name;
        break;
      }
    }
  } else {
    if (!(BACKEND_NAMES as readonly string[]).includes(wanted)) {
      throw new Error(`backend "${wanted}" is unknown; expected auto or one of ${BACKEND_NAMES.join(", ")} (--backend or GRID_BACKEND)`);
    }
    if (!(await isBackendAvailable(wanted as BackendName))) {
      throw new Error(
        `backend "${wanted}" is not available on this machine; available: ${(await availableBackends()).join(", ")}`,
      );
    }
    chosen = wanted as BackendName;
  }
  const tfName = chosen === "tensorflow-gpu" ? "tensorflow" : (chosen ?? "cpu");
  if (tf.getBackend() !== tfName || activeBackend !== chosen) {
    const ok = await tf.setBackend(tfName);
    if (!ok) throw new Error(`backend "${chosen}" failed to initialise`);
    await tf.ready();
  }
  activeBackend = chosen ?? "cpu";
  return activeBackend;
}

/** The backend chosen by the last {@link selectBackend} (`cpu` before any). */
export function currentBackend(): BackendName {
  return activeBackend ?? "cpu";
}
