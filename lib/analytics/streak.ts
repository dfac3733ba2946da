// Streaks over learning days ("YYYY-MM-DD" in the learner's time zone, starting at their day-start
// hour). Pure: the caller says what "now" is.
import { addDaysToDayString, learningDay, type DayOptions } from "@/lib/srs/day";

export interface Streak {
  /** Consecutive study days ending today, or yesterday when today has no review yet. */
  current: number;
  longest: number;
  studiedToday: boolean;
}

/** The distinct learning days, sorted, that a list of review instants falls on. */
export function studyDays(instants: readonly Date[], opts: DayOptions): string[] {
  return [...new Set(instants.map((t) => learningDay(t, opts)))].sort();
}

/**
 * `days` are the learning days with at least one review, in any order (duplicates allowed). A day
 * after today (a clock ahead of ours) is ignored. Today without a review yet does not break a streak
 * that ran to yesterday: the learner still has the rest of the day.
 */
export function computeStreak({ days, now, timezone, dayStartHour }: { days: readonly string[]; now: Date } & DayOptions): Streak {
  const today = learningDay(now, { timezone, dayStartHour });
  const sorted = [...new Set(days)].filter((d) => d <= today).sort();
  const set = new Set(sorted);

  let longest = 0;
  let run = 0;
  let previous: string | null = null;
  for (const day of sorted) {
    run = previous !== null && addDaysToDayString(previous, 1) === day ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }

  const studiedToday = set.has(today);
  let current = 0;
  let cursor = studiedToday ? today : addDaysToDayString(today, -1);
  while (set.has(cursor)) {
    current++;
    cursor = addDaysToDayString(cursor, -1);
  }
  return { current, longest, studiedToday };
}
