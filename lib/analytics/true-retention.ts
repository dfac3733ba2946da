// Anki's "true retention" table: of the reviews of graduated cards (state REVIEW before the answer),
// the share passed (any grade but Again), split into young cards (interval under 21 days before the
// review) and mature ones, over today and the last 7, 30 and 365 learning days. Set beside the
// learner's desired retention it shows whether the target holds: FSRS aims every review at it.

export const TRUE_RETENTION_WINDOWS = [
  { key: "today", label: "Today", days: 1 },
  { key: "week", label: "Last 7 days", days: 7 },
  { key: "month", label: "Last 30 days", days: 30 },
  { key: "year", label: "Last 365 days", days: 365 },
] as const;

export type TrueRetentionWindowKey = (typeof TRUE_RETENTION_WINDOWS)[number]["key"];

export interface PassCount {
  reviews: number;
  passed: number;
  /** passed ÷ reviews, or null with no reviews. */
  rate: number | null;
}

export interface TrueRetentionRow {
  key: TrueRetentionWindowKey;
  label: string;
  days: number;
  young: PassCount;
  mature: PassCount;
  all: PassCount;
}

/** Counts per window and maturity, as the query returns them: `reviews_<key>` and `passed_<key>`. */
export type CountsByWindow = Record<`reviews_${TrueRetentionWindowKey}` | `passed_${TrueRetentionWindowKey}`, number>;

function count(reviews: number, passed: number): PassCount {
  return { reviews, passed, rate: reviews > 0 ? passed / reviews : null };
}

export function trueRetentionTable({ young, mature }: { young: CountsByWindow | null; mature: CountsByWindow | null }): TrueRetentionRow[] {
  return TRUE_RETENTION_WINDOWS.map(({ key, label, days }) => {
    const y = count(young?.[`reviews_${key}`] ?? 0, young?.[`passed_${key}`] ?? 0);
    const m = count(mature?.[`reviews_${key}`] ?? 0, mature?.[`passed_${key}`] ?? 0);
    return { key, label, days, young: y, mature: m, all: count(y.reviews + m.reviews, y.passed + m.passed) };
  });
}
