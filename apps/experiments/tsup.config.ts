import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", cli: "src/cli.ts", worker: "src/runs/worker.ts", testing: "src/testing/index.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts", testing: "src/testing/index.ts" } },
  clean: true,
  sourcemap: true,
  target: "node20",
});
