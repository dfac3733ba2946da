import type { Db } from "@/lib/db/client";

// Counters live in PostgreSQL so that every app server, and a restart, sees the same count.
export interface Limit {
  max: number;
  windowMs: number;
}

export const SIGNIN_PER_EMAIL: Limit = { max: 10, windowMs: 15 * 60_000 };
export const SIGNIN_PER_ADDRESS: Limit = { max: 50, windowMs: 15 * 60_000 };
export const SIGNUP_PER_ADDRESS: Limit = { max: 10, windowMs: 60 * 60_000 };

export interface LimitState {
  limited: boolean;
  /** When the oldest counted hit leaves the window. */
  retryAt: Date | null;
}

export async function checkLimit(db: Pick<Db, "rateLimitHit">, key: string, limit: Limit, now = new Date()): Promise<LimitState> {
  const since = new Date(now.getTime() - limit.windowMs);
  const hits = await db.rateLimitHit.findMany({
    where: { key, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    take: limit.max,
    select: { createdAt: true },
  });
  if (hits.length < limit.max) return { limited: false, retryAt: null };
  const oldestCounted = hits[hits.length - 1].createdAt;
  return { limited: true, retryAt: new Date(oldestCounted.getTime() + limit.windowMs) };
}

export async function recordHit(db: Pick<Db, "rateLimitHit">, key: string, now = new Date()): Promise<void> {
  await db.rateLimitHit.create({ data: { key, createdAt: now } });
}

export async function clearHits(db: Db, key: string): Promise<void> {
  await db.rateLimitHit.deleteMany({ where: { key } });
}

export function minutesUntil(date: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 60_000));
}

/** Reset mails: a few per address an hour is plenty for a person and useless for flooding an inbox. */
export const RESET_PER_EMAIL: Limit = { max: 3, windowMs: 60 * 60_000 };
export const RESET_PER_ADDRESS: Limit = { max: 20, windowMs: 60 * 60_000 };
