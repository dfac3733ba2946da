import { defineConfig } from "vitest/config";
import { alias } from "./vitest.shared";

// One production server for the whole suite (tests/e2e/global-setup.ts); files run one at a time
// because a 2-core machine runs one Chromium well, not four.
export default defineConfig({
  resolve: { alias },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
