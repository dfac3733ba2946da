import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { fieldErrors, settingsSchema } from "./schemas";

export async function updateSettings({ db, userId, input }: { db: Db; userId: string; input: unknown }) {
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", fieldErrors(parsed.error));
  return db.user.update({
    where: { id: userId },
    data: parsed.data,
    select: { name: true, timezone: true, dayStartHour: true, desiredRetention: true },
  });
}
