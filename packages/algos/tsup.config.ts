import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  // tfjs-core's node bundle leaves out the gradient registrations, and its ESM files use extensionless imports
  // Node cannot load: bundle that one entry (it registers into tfjs' global registries).
  noExternal: [/^@tensorflow\/tfjs-core\/dist\/register_all_gradients/],
});
