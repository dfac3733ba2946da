// npm run admin -- grant <email> <ROLE>   give an existing account a role (LEARNER, AUTHOR, INSTRUCTOR, ADMIN)
//
// How a new deployment gets its first admin: sign up in the browser, then grant ADMIN here. Whoever
// can run this can already reach the database, so it asks for no session; the change is audited as
// done from the command line, and it still refuses to demote the last admin.
import "dotenv/config";
import path from "node:path";
import { grantRole } from "@/lib/admin/change-role";
import { createPrisma } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/schema-engine";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";

const USAGE = "Usage: npm run admin -- grant <email> <LEARNER|AUTHOR|INSTRUCTOR|ADMIN>";

async function main(): Promise<number> {
  const [command, email, role] = process.argv.slice(2);
  if (command !== "grant" || !email || !role) {
    console.error(USAGE);
    return 2;
  }
  let url = env().DATABASE_URL?.trim();
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ dataDir: path.resolve(env().RECALL_DATA_DIR, "postgres") });
    url = server.connectionString;
    stop = server.stop;
  }
  try {
    await applyMigrations({ connectionString: url, migrationsDir: path.resolve("prisma/migrations") });
    const prisma = createPrisma(url, 1);
    try {
      const { email: who, from, to } = await grantRole({ db: prisma, email, role });
      console.log(from === to ? `✔ ${who} already has the role ${to}.` : `✔ ${who} is now ${to} (was ${from}); the audit log records it as done from the command line.`);
      return 0;
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await stop?.();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`✖ ${isAppError(e) ? e.message : (e as Error).message}`);
    process.exit(1);
  },
);
