import { defineConfig } from "vitest/config";
import { alias } from "./vitest.shared";

export default defineConfig({
  resolve: { alias },
  test: { include: ["tests/unit/**/*.test.ts"], environment: "node", pool: "threads" },
});
