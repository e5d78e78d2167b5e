import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts", cli: "src/cli.ts", worker: "src/runs/worker.ts", testing: "src/testing/index.ts" },
    format: ["esm"],
    dts: { entry: { index: "src/index.ts", testing: "src/testing/index.ts" } },
    // The page's bundle (the second build, in parallel) stays.
    clean: ["!page/**"],
    sourcemap: true,
    target: "node20",
  },
  {
    // The report page's script: vega, vega-lite and vega-embed bundled in, inlined into report.html (opens offline).
    entry: { "report-page": "src/report/page/main.ts" },
    outDir: "dist/page",
    format: ["iife"],
    platform: "browser",
    target: "es2020",
    minify: true,
    noExternal: [/.*/],
    sourcemap: false,
  },
]);
