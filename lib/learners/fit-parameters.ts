import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { MIN_REVIEWS_FOR_FIT, decideFit, fitParameters, logLoss, type ReviewRecord } from "@/lib/srs/fit";
import { validateParams } from "@/lib/srs/scheduler";

/** Fitting reads at most this many of the learner's most recent reviews (bounded memory). */
export const MAX_REVIEWS_FOR_FIT = 100_000;

export interface FitReport {
  at: string;
  reviews: number;
  logLossBefore: number;
  logLossAfter: number;
  kept: boolean;
  reason: string;
  ms: number;
}

export async function countReviewsForFit({ db, userId }: { db: Db; userId: string }): Promise<number> {
  return db.reviewLog.count({ where: { userId } });
}

/**
 * Fits FSRS parameters to the learner's own history and keeps them only if they predict that history
 * better (log loss) than the parameters in use. Runs off the request path (after a session, or from
 * settings through `after()`); the report is stored and shown in settings.
 */
export async function fitLearnerParameters({ db, userId, now = new Date() }: { db: Db; userId: string; now?: Date }): Promise<FitReport> {
  const started = Date.now();
  const user = await db.user.findUnique({ where: { id: userId }, select: { fsrsParams: true, timezone: true, dayStartHour: true } });
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  const rows = await db.reviewLog.findMany({
    where: { userId },
    orderBy: { reviewedAt: "desc" },
    take: MAX_REVIEWS_FOR_FIT,
    select: { cardId: true, reviewedAt: true, rating: true },
  });
  if (rows.length < MIN_REVIEWS_FOR_FIT) {
    throw new AppError("INVALID_INPUT", `Personal parameters need at least ${MIN_REVIEWS_FOR_FIT} reviews; you have ${rows.length}.`);
  }
  const history: ReviewRecord[] = rows.reverse().map((r) => ({ cardId: r.cardId, reviewedAt: r.reviewedAt, rating: r.rating as ReviewRecord["rating"] }));
  const dayOpts = { timezone: user.timezone, dayStartHour: user.dayStartHour };
  const current = Array.isArray(user.fsrsParams) && validateParams(user.fsrsParams).ok ? (user.fsrsParams as number[]) : null;
  const before = { params: current, logLoss: logLoss(history, current, dayOpts) };
  const { params } = await fitParameters(history, { ...dayOpts });
  const after = { params, logLoss: logLoss(history, params, dayOpts) };
  const decision = decideFit({ before, after });
  const report: FitReport = {
    at: now.toISOString(),
    reviews: history.length,
    logLossBefore: before.logLoss,
    logLossAfter: after.logLoss,
    kept: decision.keep,
    reason: decision.reason,
    ms: Date.now() - started,
  };
  await db.user.update({
    where: { id: userId },
    data: {
      fsrsFitReport: report as unknown as Prisma.InputJsonObject,
      ...(decision.keep ? { fsrsParams: [...decision.params] } : {}),
    },
  });
  return report;
}
