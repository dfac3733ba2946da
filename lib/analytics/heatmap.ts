// The activity calendar: a year of learning days laid out as week columns × weekday rows, as GitHub
// and Anki draw it, with each day's review count bucketed into five shades.
import { addDaysToDayString } from "@/lib/srs/day";

export const HEATMAP_DAYS = 365;
export type HeatLevel = 0 | 1 | 2 | 3 | 4;

export interface HeatmapCell {
  day: string;
  count: number;
  level: HeatLevel;
}

export interface HeatmapLevelRange {
  level: HeatLevel;
  min: number;
  /** null: no upper bound. */
  max: number | null;
}

export interface HeatmapMonth {
  /** "YYYY-MM" */
  month: string;
  reviews: number;
  activeDays: number;
}

export interface HeatmapLayout {
  /** Week columns, oldest first; each holds 7 slots from the first weekday; null outside the range. */
  weeks: (HeatmapCell | null)[][];
  /** 0 = Sunday … 6 = Saturday, in row order. */
  weekdays: number[];
  /** The column where each month begins (its 1st day), for labels above the grid. */
  monthStarts: { week: number; month: string }[];
  /** The count ranges of the shades, for the legend; a range with min > max is unused. */
  levels: HeatmapLevelRange[];
  months: HeatmapMonth[];
  first: string;
  last: string;
  total: number;
  activeDays: number;
}

function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/**
 * The count that gets the darkest shade: the 95th percentile (nearest rank) of the active days, so
 * one exceptional catch-up day does not wash every other day out to the palest shade.
 */
export function levelCap(counts: readonly number[]): number {
  const active = counts.filter((c) => c > 0).sort((a, b) => a - b);
  if (active.length === 0) return 0;
  return active[Math.ceil(0.95 * active.length) - 1]!;
}

/** Shade of a day: 0 for no reviews, then quarters of the cap (anything above the cap is 4). */
export function heatLevel(count: number, cap: number): HeatLevel {
  if (count <= 0 || cap <= 0) return 0;
  return Math.min(4, Math.ceil((4 * count) / cap)) as HeatLevel;
}

function levelRanges(cap: number): HeatmapLevelRange[] {
  const ranges: HeatmapLevelRange[] = [{ level: 0, min: 0, max: 0 }];
  for (let k = 1; k <= 4; k++) {
    ranges.push({ level: k as HeatLevel, min: Math.floor(((k - 1) * cap) / 4) + 1, max: k === 4 ? null : Math.floor((k * cap) / 4) });
  }
  return ranges;
}

/**
 * `counts`: reviews per learning day (days outside the range are ignored). The range is the `days`
 * learning days ending `today`. `weekStartsOn`: 0 for Sunday rows first, 1 for Monday.
 */
export function heatmapLayout({
  counts,
  today,
  days = HEATMAP_DAYS,
  weekStartsOn = 1,
}: {
  counts: readonly { day: string; count: number }[];
  today: string;
  days?: number;
  weekStartsOn?: 0 | 1;
}): HeatmapLayout {
  const first = addDaysToDayString(today, -(days - 1));
  const byDay = new Map<string, number>();
  for (const { day, count } of counts) {
    if (day >= first && day <= today) byDay.set(day, (byDay.get(day) ?? 0) + count);
  }
  const cap = levelCap([...byDay.values()]);

  const lead = (weekday(first) - weekStartsOn + 7) % 7;
  const columns = Math.ceil((lead + days) / 7);
  const weeks: (HeatmapCell | null)[][] = Array.from({ length: columns }, () => Array<HeatmapCell | null>(7).fill(null));
  const monthStarts: HeatmapLayout["monthStarts"] = [];
  const months = new Map<string, HeatmapMonth>();
  let total = 0;
  let activeDays = 0;
  for (let i = 0; i < days; i++) {
    const day = addDaysToDayString(first, i);
    const slot = lead + i;
    const count = byDay.get(day) ?? 0;
    weeks[Math.floor(slot / 7)]![slot % 7] = { day, count, level: heatLevel(count, cap) };
    const month = day.slice(0, 7);
    if (day.endsWith("-01")) monthStarts.push({ week: Math.floor(slot / 7), month });
    const summary = months.get(month) ?? { month, reviews: 0, activeDays: 0 };
    summary.reviews += count;
    if (count > 0) summary.activeDays++;
    months.set(month, summary);
    total += count;
    if (count > 0) activeDays++;
  }
  return {
    weeks,
    weekdays: Array.from({ length: 7 }, (_, i) => (weekStartsOn + i) % 7),
    monthStarts,
    levels: levelRanges(cap),
    months: [...months.values()],
    first,
    last: today,
    total,
    activeDays,
  };
}
