// Why a learner may need a nudge from the instructor: pure rules over a snapshot of their activity.
// The caller says what "now" is and supplies the counts; nothing here reads a clock or a database.
//
// Rules (each yields at most one reason, except behind-target which yields one per course):
//
// never-started  lastActiveAt is null, no lesson read, and the learner joined 7 or more whole days
//                (7 × 24 h) ago. A newer learner who has not started yet is not flagged.
// inactive       lastActiveAt is 7 or more whole days before now. Days are whole 24-hour periods,
//                rounded down: 6 days 23 hours is 6 days. "Active" means any review or lesson read;
//                lastActiveAt should be the latest of both.
// backlog-growing
//                (a) dueNow ≥ 20 and dueWeekAgo is known and dueNow > 1.5 × dueWeekAgo, or
//                (b) overdue ≥ 50 (due more than a day ago).
//                With dueWeekAgo null only (b) can apply. Both are named in one message when both hold.
// low-retention  retention30 < 0.70 with at least 20 graduated reviews in the 30 days
//                (retentionReviews30 ≥ 20); fewer reviews are too few to judge.
// behind-target  for each target with a target date and at least one lesson not yet read:
//                - the target date has passed (now > targetDate): flagged, whatever the share; or
//                - the expected share of lessons read by now, growing linearly from 0 at joinedAt to 1
//                  at targetDate, i.e. (now − joinedAt) / (targetDate − joinedAt) clamped to [0, 1],
//                  exceeds the share actually read (lessonsRead / lessonsTotal) by MORE than 20
//                  percentage points.
//                Targets without a date or with no lessons are skipped. targetDate is the instant by
//                which the lessons should be read: for a calendar-day target, pass the end of that day.
//                The "expected" count in the message is the expected share × lessonsTotal rounded to
//                the nearest lesson, but at least one more than read (and at most lessonsTotal).
//
// Reasons come in the order: never-started / inactive, backlog-growing, low-retention, behind-target
// (targets in input order).

import { DAY_MS } from "@/lib/srs/day";

export interface LearnerActivity {
  now: Date;
  lastActiveAt: Date | null;
  joinedAt: Date;
  dueNow: number;
  overdue: number; // overdue = due more than 1 day ago
  dueWeekAgo: number | null; // backlog 7 days ago (cards due then that had not been reviewed by then) — may be null if unknown
  retention30: number | null;
  retentionReviews30: number; // true retention over 30 days and its sample size
  reviews7: number;
  lessonsRead: number;
  lessonsAssigned: number;
  targets: { courseId: string; title: string; targetDate: Date | null; lessonsRead: number; lessonsTotal: number }[];
}

export type RiskCode = "inactive" | "backlog-growing" | "low-retention" | "behind-target" | "never-started";

export interface RiskReason {
  code: RiskCode;
  message: string;
  /** For behind-target: the course concerned. */
  courseId?: string;
}

export const INACTIVE_DAYS = 7;
export const BACKLOG_MIN_DUE = 20;
export const BACKLOG_GROWTH = 1.5;
export const BACKLOG_OVERDUE = 50;
export const LOW_RETENTION = 0.7;
export const RETENTION_MIN_REVIEWS = 20;
export const TARGET_SLACK = 0.2;

export function atRiskReasons(a: LearnerActivity): RiskReason[] {
  const reasons: RiskReason[] = [];
  const now = a.now.getTime();

  // Activity.
  if (a.lastActiveAt === null) {
    const sinceJoined = wholeDays(now - a.joinedAt.getTime());
    if (a.lessonsRead === 0 && sinceJoined >= INACTIVE_DAYS) {
      const assigned = a.lessonsAssigned > 0 ? ` and has read none of the ${plural(a.lessonsAssigned, "assigned lesson")}` : ", with no reviews or lessons read";
      reasons.push({ code: "never-started", message: `Never started: joined ${plural(sinceJoined, "day")} ago${assigned}` });
    }
  } else {
    const idle = wholeDays(now - a.lastActiveAt.getTime());
    if (idle >= INACTIVE_DAYS) reasons.push({ code: "inactive", message: `Inactive for ${plural(idle, "day")}` });
  }

  // Backlog.
  const growing = a.dueNow >= BACKLOG_MIN_DUE && a.dueWeekAgo !== null && a.dueNow > BACKLOG_GROWTH * a.dueWeekAgo;
  const tooOverdue = a.overdue >= BACKLOG_OVERDUE;
  if (growing && tooOverdue) {
    reasons.push({
      code: "backlog-growing",
      message: `Review backlog growing: ${plural(a.dueNow, "card")} due now, up from ${a.dueWeekAgo} a week ago; ${a.overdue} overdue by more than a day`,
    });
  } else if (growing) {
    reasons.push({ code: "backlog-growing", message: `Review backlog growing: ${plural(a.dueNow, "card")} due now, up from ${a.dueWeekAgo} a week ago` });
  } else if (tooOverdue) {
    reasons.push({ code: "backlog-growing", message: `Review backlog: ${plural(a.overdue, "card")} overdue by more than a day` });
  }

  // Retention.
  if (a.retention30 !== null && a.retentionReviews30 >= RETENTION_MIN_REVIEWS && a.retention30 < LOW_RETENTION) {
    // Rounded down so a flagged 69.6% never reads "70%"; the epsilon absorbs binary noise (0.29 · 100).
    const pct = Math.floor(a.retention30 * 100 + 1e-9);
    reasons.push({ code: "low-retention", message: `Retention ${pct}% over 30 days (${plural(a.retentionReviews30, "review")})` });
  }

  // Targets.
  for (const t of a.targets) {
    if (t.targetDate === null || t.lessonsTotal <= 0 || t.lessonsRead >= t.lessonsTotal) continue;
    const target = t.targetDate.getTime();
    const read = `${t.lessonsRead} of ${plural(t.lessonsTotal, "lesson")} read`;
    if (now > target) {
      const ago = wholeDays(now - target);
      const when = ago >= 1 ? `${plural(ago, "day")} ago` : "today";
      reasons.push({ code: "behind-target", courseId: t.courseId, message: `Missed target for ${t.title}: ${read}, target date passed ${when}` });
      continue;
    }
    const span = target - a.joinedAt.getTime();
    const expectedShare = span <= 0 ? 1 : clamp((now - a.joinedAt.getTime()) / span, 0, 1);
    const actualShare = t.lessonsRead / t.lessonsTotal;
    if (expectedShare - actualShare > TARGET_SLACK + 1e-9) {
      const expected = Math.min(t.lessonsTotal, Math.max(t.lessonsRead + 1, Math.round(expectedShare * t.lessonsTotal)));
      reasons.push({ code: "behind-target", courseId: t.courseId, message: `Behind target for ${t.title}: ${read}, ${expected} expected by now` });
    }
  }

  return reasons;
}

function wholeDays(ms: number): number {
  return Math.max(0, Math.floor(ms / DAY_MS));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
