// npm run admin -- grant <email> <ROLE>   give an existing account a role (LEARNER, AUTHOR, INSTRUCTOR, ADMIN)
//
// How a new deployment gets its first admin: sign up in the browser, then grant ADMIN here. Whoever
// can run this can already reach the database, so it asks for no session; the change is audited as
// done from the command line, and it still refuses to demote the last admin.
import "dotenv/config";
import { grantRole } from "@/lib/admin/change-role";
import { isAppError } from "@/lib/errors";
import { withMigratedDatabase } from "./lib/database";

const USAGE = "Usage: npm run admin -- grant <email> <LEARNER|AUTHOR|INSTRUCTOR|ADMIN>";

async function main(): Promise<number> {
  const [command, email, role] = process.argv.slice(2);
  if (command !== "grant" || !email || !role) {
    console.error(USAGE);
    return 2;
  }
  return withMigratedDatabase({ connections: 1 }, async (db) => {
    const { email: who, from, to } = await grantRole({ db, email, role });
    console.log(from === to ? `✔ ${who} already has the role ${to}.` : `✔ ${who} is now ${to} (was ${from}); the audit log records it as done from the command line.`);
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`✖ ${isAppError(e) ? e.message : (e as Error).message}`);
    process.exit(1);
  },
);
