// Pure figures for the dashboard; `today` is the learner's current learning day ("YYYY-MM-DD").
import { addDaysToDayString } from "@/lib/srs/day";

/**
 * Current and longest run of consecutive learning days with at least one review. A streak that ran
 * until yesterday is still current today (the day is not over yet).
 */
export function streaks(activeDays: readonly string[], today: string): { current: number; longest: number } {
  const days = [...new Set(activeDays)].sort();
  let longest = 0;
  let run = 0;
  let previous: string | null = null;
  for (const day of days) {
    run = previous !== null && addDaysToDayString(previous, 1) === day ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  const set = new Set(days);
  let current = 0;
  let cursor = set.has(today) ? today : addDaysToDayString(today, -1);
  while (set.has(cursor)) {
    current++;
    cursor = addDaysToDayString(cursor, -1);
  }
  return { current, longest };
}

/** Days of the past `weeks` weeks as a calendar: columns are weeks (oldest first), rows Monday..Sunday. */
export function calendarGrid(today: string, counts: ReadonlyMap<string, number>, weeks = 53): { day: string; count: number; future: boolean }[][] {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const lastMonday = addDaysToDayString(today, -weekday);
  const firstMonday = addDaysToDayString(lastMonday, -(weeks - 1) * 7);
  return Array.from({ length: weeks }, (_, w) =>
    Array.from({ length: 7 }, (_, d) => {
      const day = addDaysToDayString(firstMonday, w * 7 + d);
      return { day, count: counts.get(day) ?? 0, future: day > today };
    }),
  );
}

export function level(count: number, max: number): 0 | 1 | 2 | 3 | 4 {
  if (count <= 0) return 0;
  const r = count / Math.max(1, max);
  return r > 0.75 ? 4 : r > 0.5 ? 3 : r > 0.25 ? 2 : 1;
}
