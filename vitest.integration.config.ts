import { defineConfig } from "vitest/config";
import { alias } from "./vitest.shared";

// One embedded PostgreSQL for the whole suite (tests/integration/global-setup.ts), migrated once.
// Files run one at a time: a 2-core machine, one server, and tests that make their own data.
export default defineConfig({
  resolve: { alias },
  test: {
    include: ["tests/integration/**/*.test.ts"],
    globalSetup: ["tests/integration/global-setup.ts"],
    setupFiles: ["tests/integration/setup-env.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
