// `npm start` / `npm run dev`: database (embedded unless DATABASE_URL is set), migrations,
// content, demo accounts, then Next.js. One clear line on every failure a user can fix.
import "dotenv/config";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { EnvError, isLoopbackHost, parseEnv, publicUrl } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { checkDatabase } from "@/lib/db/connect-check";
import { applyMigrations } from "@/lib/db/schema-engine";
import { createPrisma } from "@/lib/db/client";
import { demoAccountsText, seedDemo } from "@/lib/demo/seed";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { loadContent, type Problem } from "@/lib/content/load";
import { syncContent } from "@/lib/content/sync";
import { writeContentStatus } from "@/lib/content/dev-status";
import { watch } from "node:fs";
import { localMailboxEnabled } from "@/lib/email/local-mailbox";
import { startEmailSender } from "@/lib/email/queue";
import { mailerFromEnv } from "@/lib/email/transport";
import { startReminderScheduler } from "@/lib/reminders/schedule-reminders";
import { ssoProviderList } from "@/lib/auth/sso-providers";
import { buildIfStale } from "./lib/build";
import { WorkersError, workersFromArgs } from "./lib/workers";

const dev = process.argv.includes("--dev");
/** Content problems found at start-up in development, shown in the pages until fixed. */
let startupProblems: Problem[] = [];
const forceDemo = process.argv.includes("--demo");

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => server.close(() => resolve(true)))
      .listen(port, host);
  });
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  let env;
  try {
    env = parseEnv({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? (dev ? "development" : "production") });
  } catch (e) {
    if (e instanceof EnvError) fail(e.message);
    throw e;
  }
  let workers: number;
  try {
    workers = workersFromArgs(process.argv, env.WEB_CONCURRENCY);
  } catch (e) {
    if (e instanceof WorkersError) fail(e.message);
    throw e;
  }
  if (dev && workers > 1) {
    // Next's dev server compiles on demand and watches files: one of it is what an author needs.
    console.log(`▸ Workers: ${workers} asked for, but npm run dev runs one server process`);
    workers = 1;
  }
  const port = env.PORT;
  if (!(await portIsFree(port, env.HOST))) {
    fail(`Port ${port} is already in use. Stop what is using it, or start Recall on another port: PORT=${port + 1} npm ${dev ? "run dev" : "start"}`);
  }

  const dataDir = path.resolve(env.RECALL_DATA_DIR);
  let databaseUrl = env.DATABASE_URL;
  let stopDatabase: (() => Promise<void>) | undefined;
  let secret = env.NEXTAUTH_SECRET;
  const embedded = !databaseUrl;

  if (embedded) {
    console.log(`▸ Starting the embedded PostgreSQL (data in ${path.relative(process.cwd(), dataDir) || "."}/postgres)…`);
    try {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
      databaseUrl = pg.connectionString;
      stopDatabase = pg.stop;
    } catch (e) {
      fail((e as Error).message);
    }
    secret ??= readOrCreateSecret(dataDir);
  } else if (!secret) {
    if (!dev) fail("NEXTAUTH_SECRET is required when DATABASE_URL is set in production. Generate one with: openssl rand -base64 32");
    secret = readOrCreateSecret(dataDir);
  }
  const url = databaseUrl as string;

  let shuttingDown = false;
  let child: ChildProcess | undefined;
  let stopMail: (() => Promise<void>) | undefined;
  const shutdown = async (code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child?.once("exit", r));
    }
    await stopMail?.();
    if (stopDatabase) {
      console.log("▸ Stopping the embedded PostgreSQL…");
      await stopDatabase().catch(() => undefined);
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    const check = await checkDatabase(url);
    if (!check.ok) throw new Error(check.message);

    const started = Date.now();
    const { applied } = await applyMigrations({ connectionString: url, migrationsDir: path.resolve("prisma/migrations") });
    console.log(`▸ Migrations: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"} (${Date.now() - started} ms)`);

    const prisma = createPrisma(url, 2);
    const content = await loadContent({ rootDir: env.RECALL_CONTENT_DIR });
    const errors = content.problems.filter((p) => p.severity === "error");
    const listed = errors.slice(0, 10).map((p) => `  ${p.file}:${p.line}:${p.column} ${p.message}`).join("\n");
    if (errors.length && !dev) {
      throw new Error(`The content has ${errors.length} error(s); run \`npm run content:check\`:\n${listed}`);
    }
    if (errors.length) {
      // In development an author is mid-edit: start anyway with the last synced content, and show the
      // errors in every page (DevContentReload) until the files are fixed.
      console.warn(`▸ Content: ${errors.length} error(s), not synced; the pages show them until they are fixed:\n${listed}`);
      startupProblems = content.problems;
    } else {
      const report = await syncContent({ prisma, content });
      console.log(`▸ Content: ${content.courses.length} courses, ${content.lessons.length} lessons, ${content.questions.length} questions (${JSON.stringify(report)})`);
    }

    if ((embedded || forceDemo) && !isLoopbackHost(env.HOST)) {
      // Their password is in the README: on an address others can reach they would be open doors.
      console.log(`▸ Demo accounts: not created, because HOST=${env.HOST} is reachable from other machines (they share a published password).`);
      const left = await prisma.user.count({ where: { email: { in: DEMO_ACCOUNTS.map((d) => d.email) } } });
      if (left) console.warn(`▸ Warning: ${left} demo account(s) from an earlier start still exist with the published password; delete them or change their passwords.`);
    } else if (embedded || forceDemo) {
      const seeded = await seedDemo({ db: prisma });
      if (seeded.notes.length) console.log(`▸ Demo data: ${seeded.notes.join(" ")}`);
      console.log(`▸ ${demoAccountsText()}`);
    }
    await prisma.$disconnect();

    if (!dev) await buildIfStale({ testBuild: env.RECALL_TEST_BUILD });
  } catch (e) {
    console.error(`\n✖ ${(e as Error).message}\n`);
    await shutdown(1);
    return;
  }

  child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/server.ts", ...(dev ? ["--dev"] : ["--workers", String(workers)])], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: dev ? "development" : "production",
      DATABASE_URL: url,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${port}`,
      RECALL_EMBEDDED: embedded ? "1" : "0",
    },
  });
  // The mail sender and the reminder scheduler run here, beside Next: one of each per `npm start`, whatever its --workers;
  // the queue hands each mail to one sender, and each reminder's unique key lets one scheduler queue it.
  const mailer = mailerFromEnv(env);
  const mailDb = createPrisma(url, 2);
  const sender = startEmailSender({ db: mailDb, mailer });
  const scheduler = startReminderScheduler({ db: mailDb, siteUrl: publicUrl({ ...env, NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${port}` }) });
  stopMail = async () => {
    await Promise.all([sender.stop(), scheduler.stop()]);
    mailer.close?.();
    await mailDb.$disconnect();
  };
  const listed = isLoopbackHost(env.HOST) && localMailboxEnabled({ SMTP_URL: env.SMTP_URL, NODE_ENV: dev ? "development" : "production", RECALL_EMBEDDED: embedded ? "1" : "0" });
  const shownHost = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  console.log(`▸ Mail: ${mailer.description}${listed ? `, listed at http://${shownHost}:${port}/dev/mail` : ""}`);
  console.log(`▸ Workers: ${workers} server process${workers === 1 ? "" : "es"} on port ${port}${dev ? "" : " (npm start -- --workers N, or WEB_CONCURRENCY)"}`);
  const sso = ssoProviderList(env);
  if (sso.length) {
    // The address each provider must have registered as its redirect (callback) URL.
    const origin = new URL(env.NEXTAUTH_URL ?? `http://localhost:${port}`).origin;
    console.log(`▸ Single sign-on: ${sso.map((p) => `${p.name} (redirect URL ${origin}/api/auth/callback/${p.id})`).join(", ")}`);
  }
  console.log(`▸ Recall is starting on http://${shownHost}:${port}${isLoopbackHost(env.HOST) ? " (this machine only; set HOST=0.0.0.0 to listen on every interface)" : ""}`);
  if (dev) watchContent(url, env.RECALL_CONTENT_DIR);
  child.on("exit", (code) => void shutdown(code ?? 0));
}

/** npm run dev: every edit under content/ is re-validated and, when valid, re-synced; open pages refresh. */
function watchContent(url: string, rootDir: string) {
  const prisma = createPrisma(url, 1);
  let version = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const resync = () => {
    running = running.then(async () => {
      const content = await loadContent({ rootDir });
      const errors = content.problems.filter((p) => p.severity === "error");
      let synced = false;
      if (!errors.length) {
        await syncContent({ prisma, content });
        synced = true;
      }
      writeContentStatus({ version: ++version, at: new Date().toISOString(), problems: content.problems, synced });
      console.log(synced ? "▸ Content changed: re-synced" : `▸ Content changed: ${errors.length} error(s), not synced:\n${errors.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.message}`).join("\n")}`);
    }).catch((e: unknown) => console.error(`✖ Content re-sync failed: ${(e as Error).message}`));
  };
  writeContentStatus({ version, at: new Date().toISOString(), problems: startupProblems, synced: startupProblems.every((p) => p.severity !== "error") });
  watch(rootDir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(resync, 250);
  });
}

void main();
