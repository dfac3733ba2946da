// True retention: of the reviews of cards that had graduated (state REVIEW before the answer), the
// share answered correctly. Learning steps and first answers are left out, as in Anki's "true
// retention" table: they measure short-term memory, not what FSRS schedules for.
import { addDaysToDayString } from "@/lib/srs/day";

export const RETENTION_WINDOWS_DAYS = [7, 30, 90] as const;

/** One learning day's graduated reviews, optionally for one group (a course). */
export interface RetentionDay {
  day: string;
  reviews: number;
  correct: number;
  group?: string;
}

export interface RetentionWindow {
  windowDays: number;
  reviews: number;
  correct: number;
  /** Share correct, or null with no reviews in the window. */
  rate: number | null;
}

function window(rows: readonly RetentionDay[], today: string, windowDays: number): RetentionWindow {
  const first = addDaysToDayString(today, -(windowDays - 1));
  let reviews = 0;
  let correct = 0;
  for (const row of rows) {
    if (row.day < first || row.day > today) continue;
    reviews += row.reviews;
    correct += row.correct;
  }
  return { windowDays, reviews, correct, rate: reviews > 0 ? correct / reviews : null };
}

/** Retention over the last N learning days, today included, for each N. */
export function retentionWindows({
  rows,
  today,
  windows = RETENTION_WINDOWS_DAYS,
}: {
  rows: readonly RetentionDay[];
  today: string;
  windows?: readonly number[];
}): RetentionWindow[] {
  return windows.map((n) => window(rows, today, n));
}

/** Retention over one window for each group (rows without a group are ignored). */
export function retentionByGroup({ rows, today, windowDays }: { rows: readonly RetentionDay[]; today: string; windowDays: number }): Map<string, RetentionWindow> {
  const byGroup = new Map<string, RetentionDay[]>();
  for (const row of rows) {
    if (row.group === undefined) continue;
    const list = byGroup.get(row.group) ?? [];
    list.push(row);
    byGroup.set(row.group, list);
  }
  return new Map([...byGroup].map(([group, list]) => [group, window(list, today, windowDays)]));
}
