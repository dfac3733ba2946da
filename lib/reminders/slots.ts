// When a reminder is due: pure (no I/O, `now` a parameter), so the scheduler's time-zone and DST
// corners are unit-tested without a database. The scheduler (schedule-reminders.ts) asks these for
// each opted-in account on every tick; the database's unique (user, kind, period) key then makes
// each period's reminder exactly-once, however many processes ask.
import { addDaysToDayString, instantOfLocalTime, learningDay, resolveDayOptions } from "@/lib/srs/day";

/** A reminder not sent within this long after its time (the servers were down) is skipped, not sent at night. */
export const REMINDER_LATE_LIMIT_MS = 2 * 3_600_000;
/** The default reminder time, 18:00, in minutes after local midnight. */
export const DEFAULT_REMINDER_MINUTE = 18 * 60;
/** Answer time assumed for a learner with no reviews of their own yet. */
export const DEFAULT_ANSWER_MS = 15_000;
/** The weekly digest is due on Monday at this local time; any later tick that week still sends it. */
export const DIGEST_MINUTE = 8 * 60;

export interface ReminderPrefs {
  timezone: string;
  dayStartHour: number;
  /** Minutes after local midnight. */
  reminderMinute: number;
}

export interface Slot {
  /** The learning day ("YYYY-MM-DD") or ISO week ("2026-W49") the reminder is for: its exactly-once key. */
  period: string;
  /** When it became due. */
  dueAt: Date;
}

/**
 * The review reminder due at `now`, if any: the learner's chosen local time on the learning day `now`
 * belongs to (or the day before), once reached and for REMINDER_LATE_LIMIT_MS after. A time before the day-start hour
 * belongs to the night that ends the learning day (with days starting at 04:00, a 01:30 reminder is the
 * next calendar date's 01:30), so each learning day has exactly one reminder time.
 */
export function reviewReminderSlot(now: Date, prefs: ReminderPrefs): Slot | null {
  const day = resolveDayOptions(prefs);
  const today = learningDay(now, day);
  const minute = Number.isInteger(prefs.reminderMinute) && prefs.reminderMinute >= 0 && prefs.reminderMinute < 1440 ? prefs.reminderMinute : DEFAULT_REMINDER_MINUTE;
  // Yesterday's too: a time just before the day start would otherwise be missed by a tick a minute late.
  for (const period of [today, addDaysToDayString(today, -1)]) {
    const date = minute >= day.dayStartHour * 60 ? period : addDaysToDayString(period, 1);
    const dueAt = instantOfLocalTime(date, minute, day.timezone);
    const lateMs = now.getTime() - dueAt.getTime();
    if (lateMs >= 0 && lateMs < REMINDER_LATE_LIMIT_MS) return { period, dueAt };
  }
  return null;
}

/** ISO 8601 week of a calendar date ("YYYY-MM-DD"): "2026-W49". The week belongs to the year of its Thursday. */
export function isoWeek(day: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`"${day}" is not a YYYY-MM-DD day.`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(ms + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/**
 * The weekly digest due at `now`: from Monday DIGEST_MINUTE local time to the end of that ISO week
 * (an instructor who opts in on a Wednesday gets that week's digest at once).
 */
export function digestSlot(now: Date, timezone: string): Slot | null {
  const { timezone: zone } = resolveDayOptions({ timezone, dayStartHour: 0 });
  const today = learningDay(now, { timezone: zone, dayStartHour: 0 });
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDaysToDayString(today, -weekday);
  const dueAt = instantOfLocalTime(monday, DIGEST_MINUTE, zone);
  return now >= dueAt ? { period: isoWeek(today), dueAt } : null;
}

/** "about 6 minutes" for `cards` at the learner's median answer time, never less than a minute. */
export function estimateMinutes(cards: number, medianAnswerMs: number | null): number {
  const perCardMs = medianAnswerMs && medianAnswerMs > 0 ? medianAnswerMs : DEFAULT_ANSWER_MS;
  return Math.max(1, Math.round((cards * perCardMs) / 60_000));
}

/** "HH:MM" → minutes after midnight, or null. */
export function parseClockTime(value: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatClockTime(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;
}
