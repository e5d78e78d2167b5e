import { libraryBuild } from "@grid/tsconfig/tsup";
import { defineConfig } from "tsup";

export default defineConfig(libraryBuild);
