import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { isPlainText } from "@/lib/text";
import { assertAdmin, type Actor } from "./access";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  createdAt: Date;
}

export const USERS_PAGE_SIZE = 25;

/** Accounts whose email or name contains the query (any case), newest first, a page at a time; admins only. */
export async function listUsers({ db, actor, query = "", page = 1 }: { db: Db; actor: Actor; query?: string; page?: number }): Promise<{ users: UserRow[]; total: number; page: number; pages: number }> {
  assertAdmin(actor);
  const q = isPlainText(query) ? query.trim().slice(0, 200) : "";
  // Prisma hands `contains` to LIKE as it is: % and _ would be wildcards, so they are escaped to mean themselves.
  const pattern = q.replace(/[\\%_]/g, "\\$&");
  const where = q ? { OR: [{ email: { contains: pattern, mode: "insensitive" as const } }, { name: { contains: pattern, mode: "insensitive" as const } }] } : {};
  const total = await db.user.count({ where });
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const current = Math.min(Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1), pages);
  const users = await db.user.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: (current - 1) * USERS_PAGE_SIZE,
    take: USERS_PAGE_SIZE,
    select: { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true },
  });
  return { users, total, page: current, pages };
}
