import type { Db } from "@/lib/db/client";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { fieldErrors, passwordChangeSchema } from "./schemas";

/** Changes the password and bumps tokenVersion, which ends every session issued before. */
export async function changePassword({ db, userId, input }: { db: Db; userId: string; input: unknown }) {
  const parsed = passwordChangeSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", fieldErrors(parsed.error));
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  if (!(await verifyPassword(user.passwordHash, parsed.data.currentPassword))) {
    throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { currentPassword: "That is not your current password." });
  }
  await db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(parsed.data.newPassword), tokenVersion: { increment: 1 } },
  });
}
