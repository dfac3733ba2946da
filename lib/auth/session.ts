import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { authOptionsForServerSession } from "./options";
import { SESSION_USER_SELECT, liveSessionUser, type SessionUser } from "./session-token";

export type { SessionUser };

/**
 * The signed-in user, checked against the database on every request: a session whose
 * tokenVersion is older than the user's (password changed, signed out everywhere) is dead.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptionsForServerSession);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db().user.findUnique({ where: { id }, select: SESSION_USER_SELECT });
  return liveSessionUser(user, session.tokenVersion);
});

/** For the data layer and route handlers: throws a typed error. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return user;
}

export async function requireRole(...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) throw new AppError("FORBIDDEN", "You do not have access to this page.");
  return user;
}

/** For pages: an anonymous visitor is sent to sign in and brought back afterwards. */
export async function requirePageUser(returnTo: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

export async function requirePageRole(returnTo: string, ...roles: Role[]): Promise<SessionUser> {
  const user = await requirePageUser(returnTo);
  if (!roles.includes(user.role)) forbidden();
  return user;
}
