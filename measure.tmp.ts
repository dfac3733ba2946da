import { readFileSync } from "node:fs";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { findFreePort } from "@/lib/db/ports";
const server = await startEmbeddedPostgres({ dataDir: "/tmp/days-measure/postgres", port: await findFreePort() });
const c = new pg.Client({ connectionString: server.connectionString });
await c.connect();
try {
  await c.query(`CREATE TABLE before_cards AS SELECT id, due, "elapsedDays" FROM "Card"`);
  await c.query(`CREATE TABLE before_logs AS SELECT id, "elapsedDays", correct FROM "ReviewLog"`);
  const sql = readFileSync("prisma/migrations/20261203100000_learning_days_and_recalled/migration.sql", "utf8");
  const t0 = Date.now();
  await c.query("BEGIN"); await c.query(sql); await c.query("COMMIT");
  console.log("migration ms", Date.now() - t0);
  const r = await c.query(`
    WITH s AS (SELECT abs(extract(epoch FROM c.due - b.due)) / 3600 AS h, c.due > b.due AS later FROM "Card" c JOIN before_cards b USING (id) WHERE c.due <> b.due)
    SELECT (SELECT count(*) FROM "Card") AS cards, (SELECT count(*) FROM "Card" WHERE state='REVIEW') AS review_cards, count(*) AS moved,
      count(*) FILTER (WHERE later) AS later,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS median_h, max(h) AS max_h FROM s`);
  console.log(r.rows);
  const demo = await c.query(`
    WITH s AS (SELECT abs(extract(epoch FROM c.due - b.due)) / 3600 AS h FROM "Card" c JOIN before_cards b USING (id) JOIN "User" u ON u.id = c."userId" WHERE u.email = 'learner@example.com' AND c.due <> b.due)
    SELECT (SELECT count(*) FROM "Card" c JOIN "User" u ON u.id=c."userId" WHERE u.email='learner@example.com') AS cards, count(*) AS moved, percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS median_h, max(h) AS max_h FROM s`);
  console.log("demo learner", demo.rows);
  const logs = await c.query(`SELECT count(*) AS logs, count(*) FILTER (WHERE l."elapsedDays" <> b."elapsedDays") AS elapsed_changed, count(*) FILTER (WHERE l.correct <> b.correct) AS correct_changed FROM "ReviewLog" l JOIN before_logs b USING (id)`);
  console.log(logs.rows);
  const cardsEl = await c.query(`SELECT count(*) FILTER (WHERE c."elapsedDays" <> b."elapsedDays") AS card_elapsed_changed FROM "Card" c JOIN before_cards b USING (id)`);
  console.log(cardsEl.rows);
  console.log((await c.query(`SELECT u.timezone, count(*) AS moved, round(avg(extract(epoch FROM c.due - b.due)/3600)::numeric,1) AS avg_shift_h FROM "Card" c JOIN before_cards b USING (id) JOIN "User" u ON u.id=c."userId" WHERE c.due<>b.due GROUP BY 1 ORDER BY 1`)).rows);
} finally {
  await c.end();
  await server.stop();
}
