// The session as our own HTTP server reads it, outside Next.js (the answer fast path in
// scripts/server.ts): the next-auth session cookie decoded with the same secret. The check
// getCurrentUser() makes — the user exists, is not disabled, and the token's version is current —
// is made by the data function the session's actor goes to, in its own first statement.
// No "server-only" import here: scripts run this module under plain Node.
import { decode } from "next-auth/jwt";
import type { Prisma } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";

/** next-auth's session cookie: `__Secure-` over https; a large token is split into `.0`, `.1`, … chunks. */
const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** What a request needs of the signed-in user. */
export const SESSION_USER_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  timezone: true,
  dayStartHour: true,
  desiredRetention: true,
  tokenVersion: true,
  fsrsParams: true,
  disabledAt: true,
} as const satisfies Prisma.UserSelect;

type UserRow = Prisma.UserGetPayload<{ select: typeof SESSION_USER_SELECT }>;
export type SessionUser = Omit<UserRow, "disabledAt">;

/** The user if the session is still alive: disabling bumps tokenVersion too; checking both keeps a disabled account out even if one is missed. */
export function liveSessionUser(user: UserRow | null, tokenVersion: unknown): SessionUser | null {
  if (!user || user.tokenVersion !== tokenVersion || user.disabledAt) return null;
  const { disabledAt: _disabledAt, ...sessionUser } = user;
  return sessionUser;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A malformed cookie is no session.
    }
  }
  return cookies;
}

/** The raw session token from a Cookie header, its chunks joined in order; null without one. */
export function sessionTokenFromCookies(header: string | undefined): string | null {
  const cookies = parseCookies(header);
  for (const name of COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
    if (chunks.length) return chunks.join("");
  }
  return null;
}

/** Who a session cookie says is signed in, before the database is asked: the account and the session's version. */
export interface SessionActor {
  id: string;
  role: Role;
  tokenVersion: number;
}

/** Decoded sessions by token, per secret: a bounded map, the oldest entry dropped first. */
const decodedSessions = new Map<string, Map<string, SessionActor & { expiresAtMs: number | null }>>();
const DECODED_SESSIONS_MAX = 5_000;

async function decodeSession(token: string, secret: string): Promise<(SessionActor & { expiresAtMs: number | null }) | null> {
  let bySecret = decodedSessions.get(secret);
  if (!bySecret) decodedSessions.set(secret, (bySecret = new Map()));
  const known = bySecret.get(token);
  if (known) return known;
  const claims = await decode({ token, secret }).catch(() => null);
  if (!claims || typeof claims.uid !== "string" || typeof claims.tv !== "number" || typeof claims.role !== "string") return null;
  const session = { id: claims.uid, role: claims.role as Role, tokenVersion: claims.tv, expiresAtMs: typeof claims.exp === "number" ? claims.exp * 1000 : null };
  if (bySecret.size >= DECODED_SESSIONS_MAX) bySecret.delete(bySecret.keys().next().value!);
  bySecret.set(token, session);
  return session;
}

/**
 * The session a Cookie header carries, decoded and its expiry checked, without reading the database:
 * null for no cookie, or one that does not decrypt (another secret, tampered) or has expired. The
 * account is checked by the data function it is given to (submitReview refuses a gone or disabled
 * account, or a version that moved on, in its first statement), so an answer reads the account once.
 *
 * A token decoded once is remembered (the same cookie comes with every answer of a session, and
 * next-auth derives the key with HKDF and decrypts the JWE each time: a tenth of an answer's CPU). The
 * same token always decodes to the same claims, so this changes no outcome; expiry is checked on
 * every use, and revocation is the database's check.
 */
export async function sessionActorFromCookies({ cookieHeader, secret }: { cookieHeader: string | undefined; secret: string }): Promise<SessionActor | null> {
  const token = sessionTokenFromCookies(cookieHeader);
  if (!token) return null;
  const session = await decodeSession(token, secret);
  if (!session || (session.expiresAtMs !== null && session.expiresAtMs < Date.now())) return null;
  return { id: session.id, role: session.role, tokenVersion: session.tokenVersion };
}
