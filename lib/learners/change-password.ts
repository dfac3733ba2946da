import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { passwordProblem } from "@/lib/auth/password-policy";
import { AppError } from "@/lib/errors";
import { checkCurrentPassword } from "./check-current-password";
import { fieldErrors, passwordChangeSchema } from "./schemas";

/** Changes the password and bumps tokenVersion, which ends every session issued before. */
export async function changePassword({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: unknown; now?: Date }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const parsed = passwordChangeSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", fieldErrors(parsed.error));
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  const problem = passwordProblem({ password: parsed.data.newPassword, email: user.email, name: user.name });
  if (problem) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { newPassword: problem });
  await checkCurrentPassword({ db, actor, password: parsed.data.currentPassword, field: "currentPassword", now });
  await db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(parsed.data.newPassword), tokenVersion: { increment: 1 } },
  });
}
