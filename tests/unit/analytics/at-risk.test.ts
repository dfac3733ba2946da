import { describe, expect, it } from "vitest";
import { atRiskReasons, type LearnerActivity } from "@/lib/analytics/at-risk";

const DAY = 86_400_000;
const now = new Date("2026-05-31T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);
const daysAhead = (d: number) => new Date(now.getTime() + d * DAY);

/** A learner doing fine: active yesterday, small steady backlog, good retention, no targets. */
function learner(over: Partial<LearnerActivity> = {}): LearnerActivity {
  return {
    now,
    lastActiveAt: daysAgo(1),
    joinedAt: daysAgo(60),
    dueNow: 12,
    overdue: 0,
    dueWeekAgo: 10,
    retention30: 0.9,
    retentionReviews30: 150,
    reviews7: 40,
    lessonsRead: 5,
    lessonsAssigned: 8,
    targets: [],
    ...over,
  };
}

const codes = (a: LearnerActivity) => atRiskReasons(a).map((r) => r.code);
const messages = (a: LearnerActivity) => atRiskReasons(a).map((r) => r.message);

describe("atRiskReasons", () => {
  it("has nothing to say about a learner doing fine", () => {
    expect(atRiskReasons(learner())).toEqual([]);
  });

  describe("inactive", () => {
    it("flags 7 or more whole days without activity", () => {
      expect(messages(learner({ lastActiveAt: daysAgo(9) }))).toEqual(["Inactive for 9 days"]);
      expect(messages(learner({ lastActiveAt: daysAgo(7) }))).toEqual(["Inactive for 7 days"]);
    });

    it("counts whole days, rounded down: 6 days 23 hours is not a week", () => {
      expect(atRiskReasons(learner({ lastActiveAt: new Date(now.getTime() - 7 * DAY + 3_600_000) }))).toEqual([]);
      expect(messages(learner({ lastActiveAt: new Date(now.getTime() - 9 * DAY - 23 * 3_600_000) }))).toEqual(["Inactive for 9 days"]);
    });
  });

  describe("never-started", () => {
    it("flags a learner never active who joined 7 or more days ago", () => {
      const a = learner({ lastActiveAt: null, joinedAt: daysAgo(10), lessonsRead: 0, lessonsAssigned: 6, reviews7: 0, dueNow: 0, dueWeekAgo: null, retention30: null, retentionReviews30: 0 });
      expect(atRiskReasons(a)).toEqual([{ code: "never-started", message: "Never started: joined 10 days ago and has read none of the 6 assigned lessons" }]);
      expect(messages({ ...a, lessonsAssigned: 1 })).toEqual(["Never started: joined 10 days ago and has read none of the 1 assigned lesson"]);
      expect(messages({ ...a, lessonsAssigned: 0 })).toEqual(["Never started: joined 10 days ago, with no reviews or lessons read"]);
      expect(codes({ ...a, joinedAt: daysAgo(7) })).toEqual(["never-started"]);
    });

    it("gives a new learner a week before flagging", () => {
      expect(atRiskReasons(learner({ lastActiveAt: null, joinedAt: daysAgo(6), lessonsRead: 0 }))).toEqual([]);
    });

    it("is not raised (nor inactive) when lessons were read but no activity date is known", () => {
      expect(atRiskReasons(learner({ lastActiveAt: null, joinedAt: daysAgo(30), lessonsRead: 2 }))).toEqual([]);
    });
  });

  describe("backlog-growing", () => {
    it("flags at least 20 due and more than 1.5 × the backlog a week ago", () => {
      expect(atRiskReasons(learner({ dueNow: 31, dueWeekAgo: 20 }))).toEqual([{ code: "backlog-growing", message: "Review backlog growing: 31 cards due now, up from 20 a week ago" }]);
      expect(atRiskReasons(learner({ dueNow: 30, dueWeekAgo: 20 }))).toEqual([]); // 30 is exactly 1.5 × 20, not more
      expect(atRiskReasons(learner({ dueNow: 19, dueWeekAgo: 0 }))).toEqual([]); // growing, but under 20
      expect(codes(learner({ dueNow: 20, dueWeekAgo: 0 }))).toEqual(["backlog-growing"]);
    });

    it("flags 50 or more cards overdue by more than a day, even when the week-ago backlog is unknown", () => {
      expect(messages(learner({ dueNow: 60, overdue: 50, dueWeekAgo: null }))).toEqual(["Review backlog: 50 cards overdue by more than a day"]);
      expect(atRiskReasons(learner({ dueNow: 100, overdue: 49, dueWeekAgo: null }))).toEqual([]);
    });

    it("names both conditions in one reason when both hold", () => {
      expect(messages(learner({ dueNow: 80, overdue: 60, dueWeekAgo: 30 }))).toEqual(["Review backlog growing: 80 cards due now, up from 30 a week ago; 60 overdue by more than a day"]);
    });
  });

  describe("low-retention", () => {
    it("flags retention under 70% over at least 20 reviews", () => {
      expect(atRiskReasons(learner({ retention30: 0.62, retentionReviews30: 48 }))).toEqual([{ code: "low-retention", message: "Retention 62% over 30 days (48 reviews)" }]);
      expect(codes(learner({ retention30: 0.62, retentionReviews30: 20 }))).toEqual(["low-retention"]);
    });

    it("ignores small samples, exactly 70% and unknown retention", () => {
      expect(atRiskReasons(learner({ retention30: 0.4, retentionReviews30: 19 }))).toEqual([]);
      expect(atRiskReasons(learner({ retention30: 0.7, retentionReviews30: 100 }))).toEqual([]);
      expect(atRiskReasons(learner({ retention30: null, retentionReviews30: 0 }))).toEqual([]);
    });

    it("rounds the percentage down, so a flagged rate never reads 70%", () => {
      expect(messages(learner({ retention30: 0.699, retentionReviews30: 1000 }))).toEqual(["Retention 69% over 30 days (1000 reviews)"]);
      expect(messages(learner({ retention30: 0.29, retentionReviews30: 100 }))).toEqual(["Retention 29% over 30 days (100 reviews)"]);
    });
  });

  describe("behind-target", () => {
    // Joined 30 days ago, target in 18 days: 30 of 48 days elapsed → 62.5% of the lessons expected by now.
    const observability = { courseId: "obs", title: "Observability", targetDate: daysAhead(18), lessonsRead: 2, lessonsTotal: 8 };
    const base = { joinedAt: daysAgo(30) };

    it("flags a gap of more than 20 points between expected and actual share", () => {
      // Expected 0.625 · 8 = 5 lessons; read 2 (25%): 37.5 points behind.
      expect(atRiskReasons(learner({ ...base, targets: [observability] }))).toEqual([
        { code: "behind-target", courseId: "obs", message: "Behind target for Observability: 2 of 8 lessons read, 5 expected by now" },
      ]);
      // Read 3 (37.5%): 25 points behind, still flagged.
      expect(messages(learner({ ...base, targets: [{ ...observability, lessonsRead: 3 }] }))).toEqual(["Behind target for Observability: 3 of 8 lessons read, 5 expected by now"]);
      // Read 4 (50%): 12.5 points behind, fine.
      expect(atRiskReasons(learner({ ...base, targets: [{ ...observability, lessonsRead: 4 }] }))).toEqual([]);
    });

    it("needs MORE than 20 points: exactly 20 is not flagged", () => {
      // Joined 18 days ago, target in 22 days: 18/40 = 45% expected; 5 of 20 read = 25%.
      const t = { courseId: "c", title: "SQL", targetDate: daysAhead(22), lessonsRead: 5, lessonsTotal: 20 };
      expect(atRiskReasons(learner({ joinedAt: daysAgo(18), targets: [t] }))).toEqual([]);
      // Joined 20 days ago, target in 20 days: 50% expected (10 lessons) vs 25%.
      expect(messages(learner({ joinedAt: daysAgo(20), targets: [{ ...t, targetDate: daysAhead(20) }] }))).toEqual(["Behind target for SQL: 5 of 20 lessons read, 10 expected by now"]);
    });

    it("says at least one more lesson than read is expected, for short courses", () => {
      // 2 lessons, 21% of the time elapsed: 0.42 lessons expected rounds to 0, shown as 1.
      const t = { courseId: "c", title: "Intro", targetDate: new Date(now.getTime() + 79 * DAY), lessonsRead: 0, lessonsTotal: 2 };
      expect(messages(learner({ joinedAt: daysAgo(21), targets: [t] }))).toEqual(["Behind target for Intro: 0 of 2 lessons read, 1 expected by now"]);
    });

    it("flags a passed target date with lessons unread", () => {
      const t = { ...observability, targetDate: daysAgo(4), lessonsRead: 7 };
      expect(atRiskReasons(learner({ ...base, targets: [t] }))).toEqual([
        { code: "behind-target", courseId: "obs", message: "Missed target for Observability: 7 of 8 lessons read, target date passed 4 days ago" },
      ]);
      expect(messages(learner({ ...base, targets: [{ ...t, targetDate: new Date(now.getTime() - 3_600_000) }] }))).toEqual([
        "Missed target for Observability: 7 of 8 lessons read, target date passed today",
      ]);
    });

    it("skips finished courses, targets without a date and empty courses", () => {
      const targets = [
        { ...observability, lessonsRead: 8, targetDate: daysAgo(4) },
        { ...observability, targetDate: null },
        { ...observability, lessonsRead: 0, lessonsTotal: 0 },
      ];
      expect(atRiskReasons(learner({ ...base, targets }))).toEqual([]);
    });

    it("gives one reason per course, in input order", () => {
      const targets = [observability, { courseId: "k8s", title: "Kubernetes", targetDate: daysAgo(1), lessonsRead: 1, lessonsTotal: 3 }];
      expect(atRiskReasons(learner({ ...base, targets })).map((r) => r.courseId)).toEqual(["obs", "k8s"]);
    });

    it("expects nothing before joining and everything when the target predates joining", () => {
      const t = { courseId: "c", title: "Go", targetDate: daysAhead(10), lessonsRead: 0, lessonsTotal: 5 };
      expect(atRiskReasons(learner({ joinedAt: daysAhead(1), targets: [t] }))).toEqual([]);
      // Target after now but joinedAt after the target (bad data): the whole course is expected.
      expect(messages(learner({ joinedAt: daysAhead(11), targets: [t] }))).toEqual(["Behind target for Go: 0 of 5 lessons read, 5 expected by now"]);
    });
  });

  it("lists several reasons in a fixed order", () => {
    const a = learner({
      lastActiveAt: daysAgo(12),
      joinedAt: daysAgo(30),
      dueNow: 90,
      overdue: 70,
      dueWeekAgo: 40,
      retention30: 0.55,
      retentionReviews30: 64,
      targets: [{ courseId: "obs", title: "Observability", targetDate: daysAhead(18), lessonsRead: 1, lessonsTotal: 8 }],
    });
    expect(messages(a)).toEqual([
      "Inactive for 12 days",
      "Review backlog growing: 90 cards due now, up from 40 a week ago; 70 overdue by more than a day",
      "Retention 55% over 30 days (64 reviews)",
      "Behind target for Observability: 1 of 8 lessons read, 5 expected by now",
    ]);
  });
});
