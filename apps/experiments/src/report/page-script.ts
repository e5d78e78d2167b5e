import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The report page's script (`page/main.ts` with vega, vega-lite and vega-embed, built by tsup to
 * `dist/page/report-page.global.js`), to inline into report.html. Found beside the built CLI, or from the sources
 * (tests) in the package's `dist/`.
 */
export function reportPageScript(): string {
  const candidates = [new URL("./page/report-page.global.js", import.meta.url), new URL("../../dist/page/report-page.global.js", import.meta.url)];
  const found = candidates.map((url) => fileURLToPath(url)).find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `the report page's script is not built; looked for ${candidates.map((url) => fileURLToPath(url)).join(" and ")}; run the build (npx -y pnpm@10.34.8 build)`,
    );
  }
  // A script element ends at the first "</script"; the bundle's strings must not end it early.
  return readFileSync(found, "utf8").replace(/<\/script/gi, "<\\/script");
}
