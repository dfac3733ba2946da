import type { Db } from "@/lib/db/client";

// Every limit is a reservation in PostgreSQL, so that every app server, and a restart, sees the same
// count, and so that requests arriving together cannot all read "under the limit" before any of them
// writes: an attempt takes its place (a RateLimitHit row) under a per-key advisory lock *before* the
// expensive check (argon2, a join-code lookup) and gives it back (release) when the check succeeds.

/** At most `max` attempts in any `windowMs`. */
export interface WindowLimit {
  kind: "window";
  max: number;
  windowMs: number;
}

/**
 * Exponential back-off (NIST SP 800-63B §5.2.2): `free` attempts, then each further one waits
 * `baseDelayMs` × 2^(attempts − free), at most `maxDelayMs`, after the latest. Attempts refused while
 * waiting are not counted, so a stranger slows an account down but cannot lock it for good.
 * Attempts older than `memoryMs` are forgotten; a success clears the key (clearHits).
 */
export interface BackoffLimit {
  kind: "backoff";
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  memoryMs: number;
}

export type Limit = WindowLimit | BackoffLimit;

const MINUTE_MS = 60_000;

/** Failed password checks per account (sign-in, password change, account deletion): about 100 a day at most. */
export const PASSWORD_FAILURES_PER_ACCOUNT: BackoffLimit = { kind: "backoff", free: 5, baseDelayMs: 2_000, maxDelayMs: 15 * MINUTE_MS, memoryMs: 24 * 60 * MINUTE_MS };
export const SIGNIN_FAILURES_PER_ADDRESS: WindowLimit = { kind: "window", max: 50, windowMs: 15 * MINUTE_MS };
export const SIGNUPS_PER_ADDRESS: WindowLimit = { kind: "window", max: 10, windowMs: 60 * MINUTE_MS };
/** A typo or two is fine, guessing 31^8 codes is not. */
export const JOIN_FAILURES_PER_USER: WindowLimit = { kind: "window", max: 10, windowMs: 15 * MINUTE_MS };
export const JOIN_FAILURES_PER_ADDRESS: WindowLimit = { kind: "window", max: 30, windowMs: 15 * MINUTE_MS };
/** Reset mails: a few per address an hour is plenty for a person and useless for flooding an inbox. */
export const RESET_PER_EMAIL: WindowLimit = { kind: "window", max: 3, windowMs: 60 * MINUTE_MS };
export const RESET_PER_ADDRESS: WindowLimit = { kind: "window", max: 20, windowMs: 60 * MINUTE_MS };
/** "Send the link again" for email verification: the same allowance as reset mails, per account. */
export const VERIFY_RESENDS_PER_ACCOUNT: WindowLimit = { kind: "window", max: 3, windowMs: 60 * MINUTE_MS };

export interface LimitCheck {
  key: string;
  limit: Limit;
}

export type Reservation =
  | { ok: true; release(): Promise<void> }
  | { ok: false; key: string; retryAt: Date };

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function refusedUntil(tx: Tx, { key, limit }: LimitCheck, now: Date): Promise<Date | null> {
  const span = limit.kind === "window" ? limit.windowMs : limit.memoryMs;
  const hits = await tx.rateLimitHit.findMany({
    where: { key, createdAt: { gt: new Date(now.getTime() - span) } },
    orderBy: { createdAt: "desc" },
    take: limit.kind === "window" ? limit.max : undefined,
    select: { createdAt: true },
  });
  if (limit.kind === "window") {
    if (hits.length < limit.max) return null;
    return new Date(hits[hits.length - 1].createdAt.getTime() + limit.windowMs);
  }
  if (hits.length < limit.free) return null;
  const delayMs = Math.min(limit.maxDelayMs, limit.baseDelayMs * 2 ** (hits.length - limit.free));
  const retryAt = new Date(hits[0].createdAt.getTime() + delayMs);
  return retryAt > now ? retryAt : null;
}

/**
 * Reserves one attempt against every check, or none: refused if any key is at its limit. Keys are
 * locked in sorted order (pg_advisory_xact_lock on a hash of the key), so two requests sharing keys
 * cannot deadlock, and the count and the insert happen while no other request can count.
 */
export async function reserveAttempt(db: Db, checks: LimitCheck[], now = new Date()): Promise<Reservation> {
  const sorted = [...checks].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const result = await db.$transaction(
    async (tx) => {
      for (const { key } of sorted) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      for (const check of sorted) {
        const retryAt = await refusedUntil(tx, check, now);
        if (retryAt) return { ok: false as const, key: check.key, retryAt };
      }
      const ids: bigint[] = [];
      for (const { key } of sorted) ids.push((await tx.rateLimitHit.create({ data: { key, createdAt: now }, select: { id: true } })).id);
      return { ok: true as const, ids };
    },
    // Requests for one key queue on its lock; each holds it for a few milliseconds.
    { maxWait: 30_000, timeout: 30_000 },
  );
  if (!result.ok) return result;
  return { ok: true, release: () => db.rateLimitHit.deleteMany({ where: { id: { in: result.ids } } }).then(() => undefined) };
}

/** Forgets a key's attempts: a right password ends the account's back-off. */
export async function clearHits(db: Db, key: string): Promise<void> {
  await db.rateLimitHit.deleteMany({ where: { key } });
}

/** "12 seconds", "3 minutes": when to try again, rounded up. */
export function waitText(retryAt: Date, now = new Date()): string {
  const ms = Math.max(0, retryAt.getTime() - now.getTime());
  if (ms < 60_000) {
    const s = Math.max(1, Math.ceil(ms / 1000));
    return `${s} second${s === 1 ? "" : "s"}`;
  }
  const m = Math.ceil(ms / 60_000);
  return `${m} minute${m === 1 ? "" : "s"}`;
}
