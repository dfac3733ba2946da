import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { utcTimestamp } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { parseOffer, planReschedule } from "./get-reschedule-offer";

const rescheduleInputSchema = z.object({
  /** The offer the learner saw (its `at`). */
  offer: z.string().min(1).max(40),
  choice: z.enum(["reschedule", "keep"]),
});

/**
 * The learner's answer to a reschedule offer: "reschedule" moves every review card to the due date
 * its memory state and the current parameters and desired retention give; "keep" leaves every card
 * where it is. Either way the offer is used up, in the same transaction, so two confirmations sent
 * together apply once: the second finds no offer and gets CONFLICT. The latest review log of a moved
 * card records the new due date too (it describes the card as that answer left it, as rescheduled).
 */
export async function rescheduleCards({ db, actor, input }: { db: Db; actor: Actor; input: unknown }): Promise<{ moved: number }> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const parsed = rescheduleInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "That reschedule offer is not valid. Reload the page.");
  const { offer, choice } = parsed.data;
  return db.$transaction(
    async (tx) => {
      // Locks the learner's row: a second request waits here, then reads the offer already used up.
      const [user] = await tx.$queryRaw<{ rescheduleOffer: unknown; desiredRetention: number; fsrsParams: unknown; timezone: string; dayStartHour: number }[]>`
        SELECT "rescheduleOffer", "desiredRetention", "fsrsParams", timezone, "dayStartHour" FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
      if (!user) throw new AppError("NOT_FOUND", "Account not found.");
      if (parseOffer(user.rescheduleOffer)?.at !== offer) {
        throw new AppError("CONFLICT", "This reschedule offer was already answered or has changed. Reload the page to see your schedule.");
      }
      await tx.user.update({ where: { id: userId }, data: { rescheduleOffer: Prisma.DbNull } });
      if (choice === "keep") return { moved: 0 };
      await tx.$queryRaw`SELECT id FROM "Card" WHERE "userId" = ${userId}::uuid ORDER BY id FOR UPDATE`;
      const plan = await planReschedule(tx, userId, user);
      const moves = plan.flatMap(({ card, next }) => (next && next.due.getTime() !== card.due.getTime() ? [{ id: card.id, ...next }] : []));
      if (moves.length === 0) return { moved: 0 };
      const ids = moves.map((m) => m.id);
      const dues = moves.map((m) => utcTimestamp(m.due));
      const days = moves.map((m) => m.scheduledDays);
      await tx.$executeRaw`
        UPDATE "Card" c SET due = v.due, "scheduledDays" = v.days
        FROM unnest(${ids}::uuid[], ${dues}::timestamp[], ${days}::int[]) AS v(id, due, days)
        WHERE c.id = v.id AND c."userId" = ${userId}::uuid`;
      await tx.$executeRaw`
        UPDATE "ReviewLog" l SET "cardAfter" = l."cardAfter" || jsonb_build_object('due', to_char(v.due, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'scheduledDays', v.days)
        FROM (
          SELECT DISTINCT ON (r."cardId") r.id, m.due, m.days
          FROM unnest(${ids}::uuid[], ${dues}::timestamp[], ${days}::int[]) AS m(id, due, days)
          JOIN "ReviewLog" r ON r."cardId" = m.id AND r."userId" = ${userId}::uuid
          ORDER BY r."cardId", r.id DESC
        ) v
        WHERE l.id = v.id AND l."userId" = ${userId}::uuid`;
      return { moved: moves.length };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
