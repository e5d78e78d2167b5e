import { libraryBuild } from "@grid/tsconfig/tsup";
import { defineConfig } from "tsup";

export default defineConfig({
  ...libraryBuild,
  // tfjs-core's node bundle leaves out the gradient registrations, and its ESM files use extensionless imports
  // Node cannot load: bundle that one entry (it registers into tfjs' global registries).
  noExternal: [/^@tensorflow\/tfjs-core\/dist\/register_all_gradients/],
});
