// The review forecast: how many cards come due on each of the next learning days. A card already
// overdue is due today, since that is when the learner will see it.
import { addDaysToDayString } from "@/lib/srs/day";

export const FORECAST_DAYS = 30;

export interface ForecastDay {
  day: string;
  /** Cards whose due date falls on this learning day. */
  due: number;
  /** Only on the first day: cards due on an earlier day and not reviewed yet. */
  overdue: number;
}

/** `rows`: due counts per learning day of the due date (any range; outside the window is ignored). */
export function bucketForecast({
  rows,
  today,
  days = FORECAST_DAYS,
}: {
  rows: readonly { day: string; count: number }[];
  today: string;
  days?: number;
}): ForecastDay[] {
  const buckets: ForecastDay[] = Array.from({ length: days }, (_, i) => ({ day: addDaysToDayString(today, i), due: 0, overdue: 0 }));
  const index = new Map(buckets.map((b, i) => [b.day, i]));
  for (const { day, count } of rows) {
    if (day < today) {
      if (buckets[0]) buckets[0].overdue += count;
      continue;
    }
    const i = index.get(day);
    if (i !== undefined) buckets[i]!.due += count;
  }
  return buckets;
}

export function forecastTotal(days: readonly ForecastDay[]): number {
  return days.reduce((sum, d) => sum + d.due + d.overdue, 0);
}
