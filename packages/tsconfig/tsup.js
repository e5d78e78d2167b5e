// The build every library package of the workspace shares (tsup): its public surface, src/index.ts, as ES modules
// for Node 20 with type declarations and source maps. A package's tsup.config.ts spreads it and adds what it alone needs.
/** @type {import("tsup").Options} */
export const libraryBuild = {
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
};
