import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { DayOptions } from "@/lib/srs/day";
import { rescheduledDue, workloadPreview, type ScheduledCard, type WorkloadDay } from "@/lib/srs/replay";
import { validateParams } from "@/lib/srs/scheduler";

export type RescheduleReason = "parameters" | "retention";

export interface StoredRescheduleOffer {
  reason: RescheduleReason;
  /** When the offer was made; the confirm form sends it back, so a stale form cannot apply. */
  at: string;
}

export interface RescheduleOffer extends StoredRescheduleOffer {
  /** Review cards whose due date would change. */
  cardsMoved: number;
  desiredRetention: number;
  days: WorkloadDay[];
}

export interface ReschedulePlanUser {
  desiredRetention: number;
  fsrsParams: unknown;
  timezone: string;
  dayStartHour: number;
}

/** The learner's cards that a reschedule may move, each with its new due date (null: it stays). */
export async function planReschedule(db: Pick<Db, "card">, userId: string, user: ReschedulePlanUser) {
  const dayOptions: DayOptions = { timezone: user.timezone, dayStartHour: user.dayStartHour };
  const params = Array.isArray(user.fsrsParams) && validateParams(user.fsrsParams).ok ? (user.fsrsParams as number[]) : null;
  const cards: ScheduledCard[] = await db.card.findMany({
    where: { userId, state: { not: "NEW" } },
    select: { id: true, state: true, due: true, stability: true, lastReview: true, elapsedDays: true, suspended: true },
  });
  return cards.map((card) => ({ card, next: rescheduledDue({ card, params, desiredRetention: user.desiredRetention, dayOptions }) }));
}

export function parseOffer(value: unknown): StoredRescheduleOffer | null {
  const offer = value as Partial<StoredRescheduleOffer> | null;
  if (!offer || (offer.reason !== "parameters" && offer.reason !== "retention") || typeof offer.at !== "string") return null;
  return { reason: offer.reason, at: offer.at };
}

/**
 * The reschedule the learner is offered, if any: how many review cards would move and the cards due
 * on each of the next 30 learning days, before → after. Computes; changes nothing.
 */
export async function getRescheduleOffer({ db, actor, now = new Date() }: { db: Db; actor: Actor; now?: Date }): Promise<RescheduleOffer | null> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { rescheduleOffer: true, desiredRetention: true, fsrsParams: true, timezone: true, dayStartHour: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  const offer = parseOffer(user.rescheduleOffer);
  if (!offer) return null;
  const plan = await planReschedule(db, userId, user);
  const moved = plan.filter(({ card, next }) => next && next.due.getTime() !== card.due.getTime());
  const days = workloadPreview({
    cards: plan.map(({ card, next }) => ({ dueBefore: card.due, dueAfter: next?.due ?? card.due, suspended: card.suspended })),
    now,
    dayOptions: { timezone: user.timezone, dayStartHour: user.dayStartHour },
  });
  return { ...offer, cardsMoved: moved.length, desiredRetention: user.desiredRetention, days };
}
