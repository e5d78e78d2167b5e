import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // tfjs-core's gradient registrations exist only as ESM files with extensionless imports: let vite load them.
    server: { deps: { inline: [/@tensorflow\/tfjs-core\/dist\/(?!tf-core)/] } },
  },
});
