// Who is acting, for the data layer. Every lib/ function that reads or writes a learner's data takes
// the session user as `actor` and decides itself (docs/decisions: the data layer authorizes): a
// learner's data is always `actor.id`'s, whatever ids the caller passes, and an account that is gone
// or disabled is refused here even if a page forgot to check. Authoring functions also need the
// AUTHOR or ADMIN role. Cohort and admin functions add their own rules on top (lib/cohorts/access.ts,
// lib/admin/access.ts).
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";

export interface Actor {
  id: string;
  role: Role;
}

/** The acting account as the database has it now, with the settings the scheduler needs. */
export interface ActiveUser {
  id: string;
  role: Role;
  timezone: string;
  dayStartHour: number;
  desiredRetention: number;
  fsrsParams: Prisma.JsonValue;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ACCOUNT_REFUSED = "This account cannot do this.";

/**
 * The actor's id, before any query: a missing actor, or an id that is not a uuid (which a query would
 * read as "no filter" if it were undefined), is UNAUTHENTICATED. A function that checks the account
 * inside its own single statement (the review queue) starts here; every other one calls requireActiveUser.
 */
export function actorId(actor: Actor | null | undefined): string {
  if (!actor || typeof actor.id !== "string" || !UUID.test(actor.id)) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return actor.id;
}

/**
 * The actor's account if it may act: a missing actor (or one whose id is not a uuid, which a query
 * would read as "no filter" if it were undefined) is UNAUTHENTICATED, a deleted or disabled account
 * is FORBIDDEN. The role is the database's, not the caller's copy, so a demotion counts at once.
 */
export async function requireActiveUser({ db, actor }: { db: Pick<Db, "user"> | Prisma.TransactionClient; actor: Actor | null | undefined }): Promise<ActiveUser> {
  const id = actorId(actor);
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, role: true, timezone: true, dayStartHour: true, desiredRetention: true, fsrsParams: true, disabledAt: true },
  });
  if (!user || user.disabledAt) throw new AppError("FORBIDDEN", ACCOUNT_REFUSED);
  const { disabledAt: _disabledAt, ...active } = user;
  return active;
}

/**
 * For authoring functions that read only the content files (no learner's data, no database): the
 * session's role decides (the session already turned away a disabled account).
 */
export function assertAuthor(actor: Actor | null | undefined): void {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (actor.role !== "AUTHOR" && actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only authors can do this.");
}

/** For authoring functions that read the database: an active AUTHOR or ADMIN account as it is now. */
export async function requireAuthor({ db, actor }: { db: Pick<Db, "user">; actor: Actor | null | undefined }): Promise<ActiveUser> {
  assertAuthor(actor);
  const user = await requireActiveUser({ db, actor });
  assertAuthor(user);
  return user;
}
