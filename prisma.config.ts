import { defineConfig } from "prisma/config";

// The CLI is used only for `prisma generate` here (see docs/decisions/002-migration-runner.md):
// migrations go through scripts/db.ts, which drives the WebAssembly schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/recall" },
});
