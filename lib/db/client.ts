import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;

/** A client on its own pool: scripts and tests that manage their database create one. */
export function createPrisma(connectionString: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

const globalForPrisma = globalThis as unknown as { recallPrisma?: PrismaClient };

/** The app's client, created on first use from DATABASE_URL (set by the start script or the user). */
export function db(): PrismaClient {
  if (!globalForPrisma.recallPrisma) {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start` or `npm run dev`.");
    globalForPrisma.recallPrisma = createPrisma(url);
  }
  return globalForPrisma.recallPrisma;
}
