// The learner's reminder opt-ins (settings page): read and save. Turning a reminder on needs a
// confirmed address, so that Recall never mails daily to an address nobody showed they read.
import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/learners/schemas";
import { formatClockTime, parseClockTime } from "./slots";

export interface ReminderSettings {
  reminderEnabled: boolean;
  /** "HH:MM", local time in `timezone`. */
  reminderTime: string;
  digestEnabled: boolean;
  /** Instructors and admins may have the weekly digest. */
  canDigest: boolean;
  emailVerified: boolean;
  timezone: string;
}

export async function getReminderSettings({ db, actor }: { db: Db; actor: Actor }): Promise<ReminderSettings> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const u = await db.user.findUnique({
    where: { id: userId },
    select: { reminderEnabled: true, reminderMinute: true, digestEnabled: true, role: true, emailVerifiedAt: true, timezone: true },
  });
  if (!u) throw new AppError("NOT_FOUND", "Account not found.");
  return {
    reminderEnabled: u.reminderEnabled,
    reminderTime: formatClockTime(u.reminderMinute),
    digestEnabled: u.digestEnabled,
    canDigest: u.role === "INSTRUCTOR" || u.role === "ADMIN",
    emailVerified: u.emailVerifiedAt !== null,
    timezone: u.timezone,
  };
}

/** A checkbox sends "on" when ticked and nothing when not. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

const schema = z.object({
  reminderEnabled: checkbox,
  reminderTime: z.string({ error: "Choose a time." }).transform((v, ctx) => {
    const minute = parseClockTime(v);
    if (minute === null) {
      ctx.addIssue({ code: "custom", message: "Enter a time as HH:MM, from 00:00 to 23:59." });
      return z.NEVER;
    }
    return minute;
  }),
  digestEnabled: checkbox,
});

export async function updateReminderSettings({ db, actor, input }: { db: Db; actor: Actor; input: unknown }): Promise<ReminderSettings> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", fieldErrors(parsed.error));
  const { reminderEnabled, reminderTime, digestEnabled } = parsed.data;
  const current = await getReminderSettings({ db, actor });
  if ((reminderEnabled || digestEnabled) && !current.emailVerified) {
    throw new AppError("FORBIDDEN", "Confirm your email address first: reminders go only to an address you have shown is yours.");
  }
  if (digestEnabled && !current.canDigest) throw new AppError("FORBIDDEN", "The weekly digest is for instructors.");
  await db.user.update({ where: { id: userId }, data: { reminderEnabled, reminderMinute: reminderTime, digestEnabled } });
  return getReminderSettings({ db, actor });
}
