import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { chooseParameters, type HoldoutScore } from "@/lib/srs/evaluate";
import { canFitParameters, fitEligibility, fitParameters, type FitEligibility, type ReviewRecord } from "@/lib/srs/fit";
import { validateParams } from "@/lib/srs/scheduler";
import { recomputeMemoryStates } from "./recompute-memory-states";

/** Fitting reads at most this many of the learner's most recent reviews (bounded memory). */
export const MAX_REVIEWS_FOR_FIT = 100_000;

export interface FitReport {
  at: string;
  /** Reviews the fit read. */
  reviews: number;
  splits: number;
  /** Reviews scored across the held-out blocks. */
  heldOutReviews: number;
  /** Held-out figures of the parameters in use and of the fitted ones, on the same later reviews. */
  current: HoldoutScore;
  fitted: HoldoutScore;
  kept: boolean;
  reason: string;
  /** Cards whose stability and difficulty were recomputed with the kept parameters (0 if not kept). */
  recomputedCards: number;
  ms: number;
}

/** A report written before held-out scoring (it compared log loss on the fitted history itself). */
interface LegacyFitReport {
  at: string;
  reviews: number;
  kept: boolean;
  reason: string;
}

export interface FitStatus {
  reviews: number;
  personal: boolean;
  eligibility: FitEligibility;
  /** The last fit's report; a report from before held-out scoring has only its decision and reason. */
  report: FitReport | LegacyFitReport | null;
}

export function isHeldOutReport(report: FitReport | LegacyFitReport): report is FitReport {
  return "fitted" in report && "current" in report;
}

/** What the settings page shows about personal parameters, and whether a fit may start. */
export async function getFitStatus({ db, actor }: { db: Db; actor: Actor }): Promise<FitStatus> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const [reviews, user] = await Promise.all([
    db.reviewLog.count({ where: { userId } }),
    db.user.findUnique({ where: { id: userId }, select: { fsrsParams: true, fsrsFitReport: true } }),
  ]);
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  return {
    reviews,
    personal: Array.isArray(user.fsrsParams),
    eligibility: fitEligibility({ reviews, optimizerAvailable: canFitParameters() }),
    report: (user.fsrsFitReport as unknown as FitReport | LegacyFitReport | null) ?? null,
  };
}

/**
 * Fits FSRS parameters to the learner's own history and keeps them only if they predict reviews they
 * were not fitted on better than the parameters in use (srs-benchmark's time-series split; the rule
 * is `decideHoldout`). Kept parameters are refitted on the whole history, stored, every card's memory
 * state is recomputed with them, and the learner is offered a reschedule. Runs off the request path;
 * the report is stored and shown in settings.
 */
export async function fitLearnerParameters({ db, actor, now = new Date() }: { db: Db; actor: Actor; now?: Date }): Promise<FitReport> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const started = Date.now();
  const user = await db.user.findUnique({ where: { id: userId }, select: { fsrsParams: true, timezone: true, dayStartHour: true } });
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  const rows = await db.reviewLog.findMany({
    where: { userId },
    orderBy: { reviewedAt: "desc" },
    take: MAX_REVIEWS_FOR_FIT,
    select: { cardId: true, reviewedAt: true, rating: true },
  });
  const eligibility = fitEligibility({ reviews: rows.length, optimizerAvailable: canFitParameters() });
  if (!eligibility.allowed) throw new AppError("INVALID_INPUT", eligibility.reason);
  const history: ReviewRecord[] = rows.reverse().map((r) => ({ cardId: r.cardId, reviewedAt: r.reviewedAt, rating: r.rating as ReviewRecord["rating"] }));
  const dayOptions = { timezone: user.timezone, dayStartHour: user.dayStartHour };
  const current = Array.isArray(user.fsrsParams) && validateParams(user.fsrsParams).ok ? (user.fsrsParams as number[]) : null;
  // The early splits train on a fraction of the history; the minimum applies to the learner, not to a split.
  const fit = async (train: ReviewRecord[]) => (await fitParameters(train, { ...dayOptions, minReviews: 1 })).params;
  const { evaluation, decision, params } = await chooseParameters({ history, current, fit, dayOptions });
  const report: FitReport = {
    at: now.toISOString(),
    reviews: history.length,
    splits: evaluation.splits.length,
    heldOutReviews: evaluation.reviews,
    current: evaluation.current,
    fitted: evaluation.fitted,
    kept: decision.keep,
    reason: decision.reason,
    recomputedCards: 0,
    ms: 0,
  };
  if (!params) {
    report.ms = Date.now() - started;
    await db.user.update({ where: { id: userId }, data: { fsrsFitReport: report as unknown as Prisma.InputJsonObject } });
    return report;
  }
  return db.$transaction(
    async (tx) => {
      const { cards } = await recomputeMemoryStates({ db: tx, userId, params, dayOptions });
      report.recomputedCards = cards;
      report.ms = Date.now() - started;
      await tx.user.update({
        where: { id: userId },
        data: {
          fsrsParams: [...params],
          fsrsFitReport: report as unknown as Prisma.InputJsonObject,
          rescheduleOffer: { reason: "parameters", at: now.toISOString() },
        },
      });
      return report;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
