// The admin audit log: every role change, disable, enable and change of a cohort's instructors, with
// who did it, when, to whom and from which network address. Written in the same transaction as the
// change itself, so there is no change without its record. Read on /admin (SECURITY.md).
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { assertAdmin, type Actor } from "./access";

export type AuditAction = "role.change" | "account.disable" | "account.enable" | "cohort.instructor.add" | "cohort.instructor.remove";

/** Who made a change: a signed-in user from a network address, or the operator at the command line. */
export type AuditSource = { actorId: string; address: string } | "command line";

export async function recordAudit(
  tx: Prisma.TransactionClient,
  entry: { source: AuditSource; action: AuditAction; targetUserId?: string; cohortId?: string; details: Prisma.InputJsonObject },
): Promise<void> {
  const actor = entry.source === "command line" ? null : await tx.user.findUnique({ where: { id: entry.source.actorId }, select: { id: true, email: true } });
  const target = entry.targetUserId ? await tx.user.findUnique({ where: { id: entry.targetUserId }, select: { email: true } }) : null;
  await tx.auditLog.create({
    data: {
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? "(command line)",
      action: entry.action,
      targetUserId: entry.targetUserId ?? null,
      targetEmail: target?.email ?? null,
      cohortId: entry.cohortId ?? null,
      details: entry.details,
      address: entry.source === "command line" ? "command line" : entry.source.address,
    },
  });
}

export interface AuditEntry {
  id: string;
  at: Date;
  actorEmail: string;
  action: AuditAction;
  targetEmail: string | null;
  cohortId: string | null;
  details: Record<string, unknown>;
  address: string;
}

export const AUDIT_PAGE_SIZE = 50;

/** The log, newest first, a page at a time; admins only. */
export async function listAuditLog({ db, actor, page = 1 }: { db: Db; actor: Actor; page?: number }): Promise<{ entries: AuditEntry[]; page: number; pages: number }> {
  assertAdmin(actor);
  const total = await db.auditLog.count();
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  const rows = await db.auditLog.findMany({ orderBy: { id: "desc" }, skip: (current - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE });
  return {
    page: current,
    pages,
    entries: rows.map((r) => ({
      id: r.id.toString(),
      at: r.createdAt,
      actorEmail: r.actorEmail,
      action: r.action as AuditAction,
      targetEmail: r.targetEmail,
      cohortId: r.cohortId,
      details: (r.details ?? {}) as Record<string, unknown>,
      address: r.address,
    })),
  };
}
