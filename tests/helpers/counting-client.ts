// Counts the statements a piece of code sends: the integration tests pin how many a page costs, and
// the cohort bench prints it beside the time.
import type { Db } from "@/lib/db/client";

/** A client that counts every operation it sends, raw SQL included. */
export function countingClient(db: Db) {
  const counter = { queries: 0 };
  const client = db.$extends({
    query: {
      async $allOperations({ args, query }) {
        counter.queries++;
        return query(args);
      },
    },
  }) as unknown as Db;
  return { client, counter };
}
