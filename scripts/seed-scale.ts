// npm run seed:scale -- --learners N --cards-per-learner M --reviews-per-card K [--database-url URL]
//                        [--seed S] [--cards-only | --logs-for N] [--drop-indexes]
//
// Adds N learners (scale-<tag>-<n>@example.invalid, no password signs them in) with M cards each and
// up to K reviews per card, simulated with the FSRS memory model over the past year, on the questions
// already in the database (see tests/bench/lib/population.ts for the model), a review log per review.
// Prints rows/s, then runs VACUUM ANALYZE and prints each table's size per row. The database:
// --database-url, else DATABASE_URL, else the embedded one in $RECALL_DATA_DIR/postgres (.data/postgres),
// started if it is not running; its schema and content must be there (`npm start` does both).
//   --cards-only     no review logs (the cards' state still comes from the simulated reviews)
//   --logs-for N     review logs for the first N learners only
//   --drop-indexes   drop Card's and ReviewLog's indexes and foreign keys for the load and rebuild them
//                    after: several times faster, but those tables are unindexed meanwhile (a database
//                    nobody is using)
import "dotenv/config";
import { parseArgs } from "node:util";
import { analyzeAndMeasure, seedPopulation } from "@/tests/bench/lib/population";
import { int } from "@/tests/bench/lib/stats";
import { env } from "@/lib/env";
import { openTarget } from "./lib/database";

const USAGE =
  "Usage: npm run seed:scale -- --learners N --cards-per-learner M --reviews-per-card K [--database-url URL] [--seed S] [--cards-only | --logs-for N] [--drop-indexes]";

async function main() {
  const { values } = parseArgs({
    options: {
      learners: { type: "string" },
      "cards-per-learner": { type: "string" },
      "reviews-per-card": { type: "string" },
      "database-url": { type: "string" },
      seed: { type: "string" },
      "cards-only": { type: "boolean", default: false },
      "logs-for": { type: "string" },
      "drop-indexes": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: "learners" | "cards-per-learner" | "reviews-per-card" | "seed" | "logs-for", fallback?: number, min = 1): number => {
    const raw = values[name];
    if (raw === undefined && fallback !== undefined) return fallback;
    const n = Number(raw?.replace(/_/g, ""));
    if (raw === undefined || !Number.isInteger(n) || n < min) throw new Error(`--${name} needs a whole number ≥ ${min}.\n${USAGE}`);
    return n;
  };
  const learners = number("learners");
  const cardsPerLearner = number("cards-per-learner");
  const reviewsPerCard = number("reviews-per-card");
  const seed = number("seed", 1);
  const logsFor = values["cards-only"] ? 0 : number("logs-for", learners, 0);

  const target = await openTarget(values["database-url"]?.trim() || env().DATABASE_URL?.trim());
  const url = target.url;
  try {
    const cards = learners * cardsPerLearner;
    console.log(
      `▸ Seeding ${int(learners)} learners × ${cardsPerLearner} cards = ${int(cards)} cards, up to ${reviewsPerCard} reviews each` +
        (logsFor === 0 ? " (cards only: no review logs)" : logsFor < learners ? ` (review logs for ${int(logsFor)} learners)` : "") +
        (values["drop-indexes"] ? ", indexes dropped during the load" : ""),
    );
    let lastPrint = 0;
    const report = await seedPopulation({
      connectionString: url,
      learners,
      cardsPerLearner,
      reviewsPerCard,
      seed,
      logsForLearners: logsFor,
      dropIndexes: values["drop-indexes"],
      onProgress: ({ phase, done, of, rows, seconds }) => {
        if (seconds - lastPrint < 5 && done < of) return;
        lastPrint = seconds;
        console.log(`  ${phase}: ${int(done)} / ${int(of)}, ${int(rows)} rows, ${int(rows / seconds)} rows/s`);
      },
    });
    console.log(`✔ Inserted ${int(report.rows)} rows in ${report.seconds.toFixed(1)} s: ${int(report.rowsPerSecond)} rows/s`);
    if (values["drop-indexes"]) console.log(`  indexes and foreign keys rebuilt in ${report.rebuildSeconds.toFixed(1)} s`);
    console.table(report.tables.map((t) => ({ table: t.table, "rows inserted": int(t.rows) })));
    console.log(`  ${report.meanReviewsPerCard.toFixed(2)} reviews per card on average; ${int(report.dueNow)} cards due now; emails scale-${report.runTag}-<n>@example.invalid`);

    const started = performance.now();
    const sizes = await analyzeAndMeasure(url);
    console.log(`▸ VACUUM ANALYZE and sizes (${((performance.now() - started) / 1000).toFixed(1)} s): whole tables, indexes and TOAST included`);
    console.table(sizes.map((s) => ({ table: s.table, rows: int(s.rows), "MiB": (s.totalBytes / 2 ** 20).toFixed(1), "bytes/row": Math.round(s.bytesPerRow) })));
  } finally {
    await target.close();
  }
}

main().catch((e: Error) => {
  console.error(`\n✖ ${e.message}\n`);
  process.exitCode = 1;
});
