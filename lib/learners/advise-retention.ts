// The retention advisor's data: the learner's own deck, parameters and review durations, handed to
// the pure simulation in lib/srs/retention-advisor.ts. Every query is scoped by the learner's id.
import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { SRS_CARD_SELECT } from "@/lib/srs/card-fields";
import { AppError } from "@/lib/errors";
import { adviseRetention, costsFromDurations, type AdvisorResult } from "@/lib/srs/retention-advisor";
import { DAY_MS } from "@/lib/srs/day";
import { resolveParams, type CardState } from "@/lib/srs/scheduler";

/** Durations are read from at most this many of the learner's latest reviews. */
const DURATION_SAMPLE_LIMIT = 5_000;
const NEW_CARD_RATE_WINDOW_DAYS = 30;

export interface RetentionAdvice extends AdvisorResult {
  current: number;
  cards: number;
  newCards: number;
  newCardsPerDay: number;
  /** True when the learner's own durations replaced at least one default cost. */
  ownDurations: boolean;
}

export async function getRetentionAdvice({ db, actor, now = new Date() }: { db: Db; actor: Actor; now?: Date }): Promise<RetentionAdvice> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const user = await db.user.findUnique({ where: { id: userId }, select: { desiredRetention: true, fsrsParams: true } });
  if (!user) throw new AppError("NOT_FOUND", "No such learner.");
  const [cards, logs, started, introducedRecently] = await Promise.all([
    db.card.findMany({
      where: { userId, suspended: false, state: { not: "NEW" }, question: { retiredAt: null } },
      select: { id: true, ...SRS_CARD_SELECT },
    }),
    db.reviewLog.findMany({
      where: { userId },
      orderBy: { reviewedAt: "desc" },
      take: DURATION_SAMPLE_LIMIT,
      select: { stateBefore: true, rating: true, durationMs: true },
    }),
    // Questions of the courses the learner has begun that they have not met yet: what is still to come.
    db.question.count({
      where: {
        retiredAt: null,
        lesson: { retiredAt: null, course: { lessons: { some: { questions: { some: { cards: { some: { userId } } } } } } } },
        cards: { none: { userId } },
      },
    }),
    db.card.count({ where: { userId, createdAt: { gte: new Date(now.getTime() - NEW_CARD_RATE_WINDOW_DAYS * DAY_MS) } } }),
  ]);
  const samples = logs.map((l) => ({ stateBefore: l.stateBefore as CardState, rating: l.rating as 1 | 2 | 3 | 4, durationMs: l.durationMs }));
  const costs = costsFromDurations(samples);
  const defaults = costsFromDurations([]);
  const newCardsPerDay = started === 0 ? 0 : Math.max(1, Math.round(introducedRecently / NEW_CARD_RATE_WINDOW_DAYS));
  const advice = await adviseRetention({
    params: resolveParams(Array.isArray(user.fsrsParams) ? (user.fsrsParams as number[]) : null),
    cards: cards.map((c) => ({ id: c.id, card: { ...c, state: c.state as CardState } })),
    newCards: started,
    newCardsPerDay,
    costs,
    now,
  });
  return {
    ...advice,
    current: user.desiredRetention,
    cards: cards.length,
    newCards: started,
    newCardsPerDay,
    ownDurations: JSON.stringify(costs) !== JSON.stringify(defaults),
  };
}
