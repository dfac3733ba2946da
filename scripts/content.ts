// npm run content:check   validate every lesson: file:line:column severity message; exit 1 on any error
// npm run content:sync    load the content into DATABASE_URL (or the embedded database)
import "dotenv/config";
import path from "node:path";
import { createPrisma } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/schema-engine";
import { loadContent } from "@/lib/content/load";
import { syncContent } from "@/lib/content/sync";

async function check(): Promise<number> {
  const started = Date.now();
  const content = await loadContent({ compile: !process.argv.includes("--no-compile") });
  for (const p of content.problems) console.log(`${p.file}:${p.line}:${p.column} ${p.severity} ${p.message}`);
  const errors = content.problems.filter((p) => p.severity === "error").length;
  const warnings = content.problems.length - errors;
  const kinds = content.questions.reduce<Record<string, number>>((acc, q) => ((acc[q.kind] = (acc[q.kind] ?? 0) + 1), acc), {});
  console.log(
    `\n${errors ? "✖" : "✔"} ${content.courses.length} courses, ${content.lessons.length} lessons, ${content.questions.length} questions ` +
      `(${Object.entries(kinds).map(([k, n]) => `${n} ${k.toLowerCase().replace("_", " ")}`).join(", ")}); ` +
      `${errors} error(s), ${warnings} warning(s); compiled ${content.compiled.fresh}, cached ${content.compiled.cached}; ${Date.now() - started} ms`,
  );
  return errors ? 1 : 0;
}

async function sync(): Promise<number> {
  let url = process.env.DATABASE_URL?.trim();
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ dataDir: path.resolve(process.env.RECALL_DATA_DIR?.trim() || ".data", "postgres") });
    url = server.connectionString;
    stop = server.stop;
  }
  try {
    await applyMigrations({ connectionString: url, migrationsDir: path.resolve("prisma/migrations") });
    const content = await loadContent();
    const prisma = createPrisma(url, 2);
    try {
      const report = await syncContent({ prisma, content });
      console.log(`✔ Synced: ${JSON.stringify(report)}`);
    } finally {
      await prisma.$disconnect();
    }
    return 0;
  } finally {
    await stop?.();
  }
}

const command = process.argv[2];
const run = command === "check" ? check : command === "sync" ? sync : null;
if (!run) {
  console.error("Usage: tsx scripts/content.ts <check|sync>");
  process.exit(2);
}
run().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`✖ ${(e as Error).message}`);
    process.exit(1);
  },
);
