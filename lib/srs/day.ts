// Learning days: calendar days in the learner's time zone that begin at `dayStartHour` (Anki's "next
// day starts at 4am"), so a late-night session counts towards the day it started. Only Intl is used:
// the offset at an instant comes from the IANA database the runtime ships, which gets DST right.
//
// This is the one definition of a day in Recall: the scheduler's elapsed days, a review card's due
// date (the start of a learning day), ReviewLog.elapsedDays, fitting and the dashboards all come from
// `learningDayClockMs` below (see the day rule in docs/decisions/).

export interface DayOptions {
  /** IANA time zone, e.g. "Europe/Paris". */
  timezone: string;
  /** Local hour (0–23) at which a new learning day begins. */
  dayStartHour: number;
}

export const DEFAULT_DAY_OPTIONS: DayOptions = { timezone: "UTC", dayStartHour: 4 };

/** Days that are UTC dates: the simulated learner's (lib/srs/simulate, lib/srs/study-sim), whose days begin at UTC midnight. */
export const UTC_MIDNIGHT_DAYS: DayOptions = { timezone: "UTC", dayStartHour: 0 };

const HOUR_MS = 3_600_000;
/** 24 hours, for elapsed time; a learning day (`learningDay`) may be 23 or 25 hours across a DST change. */
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

function check(instant: Date, opts: DayOptions) {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError("Not a valid date.");
  if (!Number.isInteger(opts.dayStartHour) || opts.dayStartHour < 0 || opts.dayStartHour > 23) {
    throw new RangeError(`dayStartHour must be an integer from 0 to 23, got ${opts.dayStartHour}.`);
  }
}

/**
 * The time zone and day start to count a learner's days in. An unknown zone (only hand-edited data:
 * settings validate it) degrades to UTC rather than blocking reviews, as unusable fitted parameters
 * degrade to the defaults; an hour outside 0–23 degrades to the default.
 */
export function resolveDayOptions(opts: { timezone: string; dayStartHour: number }): DayOptions {
  let timezone = "UTC";
  try {
    formatterFor(opts.timezone);
    timezone = opts.timezone;
  } catch {
    // RangeError: not an IANA zone this runtime knows.
  }
  const hourOk = Number.isInteger(opts.dayStartHour) && opts.dayStartHour >= 0 && opts.dayStartHour <= 23;
  return { timezone, dayStartHour: hourOk ? opts.dayStartHour : DEFAULT_DAY_OPTIONS.dayStartHour };
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function timezoneOffsetMs(instantMs: number, timezone: string): number {
  // Simulations and most tests count in UTC: no need to ask Intl.
  if (timezone === "UTC") return 0;
  const wholeSecondMs = Math.floor(instantMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(wholeSecondMs)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wallMs = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wallMs - wholeSecondMs;
}

/** Local wall-clock time as if it were UTC: its date parts are the local date. */
function wallClockMs(instantMs: number, timezone: string): number {
  return instantMs + timezoneOffsetMs(instantMs, timezone);
}

/**
 * The instant at which the local wall clock reads `wallMs`. Of the two instants in an autumn
 * overlap, the earlier; for a wall time skipped in spring, the moment the clocks jumped (the first
 * instant whose local time is not before it).
 */
function instantOfWallClock(wallMs: number, timezone: string): number {
  if (timezone === "UTC") return wallMs;
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((d) => timezoneOffsetMs(wallMs + d, timezone)));
  const matches = [...offsets].map((o) => wallMs - o).filter((t) => wallClockMs(t, timezone) === wallMs);
  if (matches.length > 0) return Math.min(...matches);
  // In a gap: the jump lies between the instants the wall time maps to under the two offsets.
  let low = wallMs - Math.max(...offsets);
  let high = wallMs - Math.min(...offsets);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (wallClockMs(mid, timezone) >= wallMs) high = mid;
    else low = mid;
  }
  return high;
}

function dayString(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

/**
 * The instant read on a clock whose UTC calendar date is the learning day: the local wall-clock time
 * moved back by the day-start hour. Its UTC date is the learning day the instant belongs to, and whole
 * UTC dates between two such values are the learning days between them; ts-fsrs counts elapsed days
 * by UTC date, so the scheduler hands it these.
 */
export function learningDayClockMs(instant: Date, opts: DayOptions): number {
  check(instant, opts);
  return wallClockMs(instant.getTime(), opts.timezone) - opts.dayStartHour * HOUR_MS;
}

/** The learning day an instant belongs to, as "YYYY-MM-DD". */
export function learningDay(instant: Date, opts: DayOptions): string {
  return dayString(learningDayClockMs(instant, opts));
}

/** The instant a learning day ("YYYY-MM-DD") begins. */
export function startOfDayString(day: string, opts: DayOptions): Date {
  const wallMidnight = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(wallMidnight)) throw new RangeError(`"${day}" is not a YYYY-MM-DD day.`);
  return new Date(instantOfWallClock(wallMidnight + opts.dayStartHour * HOUR_MS, opts.timezone));
}

/** The first instant of the learning day `instant` belongs to. */
export function startOfLearningDay(instant: Date, opts: DayOptions): Date {
  return startOfDayString(learningDay(instant, opts), opts);
}

/**
 * The instant the next learning day begins: the exclusive end of this one (`t < end`). A learning
 * day lasts 24 hours, or 23 or 25 when the clocks change during it.
 */
export function endOfLearningDay(instant: Date, opts: DayOptions): Date {
  return startOfDayString(addDaysToDayString(learningDay(instant, opts), 1), opts);
}

/**
 * When a review card answered at `instant` with an interval of `days` comes due: at the start of the
 * learning day `days` after the one it was answered on (Anki's rule), so it is in the first session
 * of that day whatever the time of day it was answered at.
 */
export function startOfLearningDayAfter(instant: Date, days: number, opts: DayOptions): Date {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}.`);
  const dayNumber = Math.floor(learningDayClockMs(instant, opts) / DAY_MS) + days;
  return new Date(instantOfWallClock(dayNumber * DAY_MS + opts.dayStartHour * HOUR_MS, opts.timezone));
}

/**
 * The instant the local clock in `timezone` reads `minuteOfDay` (minutes after midnight) on the
 * calendar date `day` ("YYYY-MM-DD"). A time the clocks skip is the moment they jumped; a time that
 * happens twice, the first.
 */
export function instantOfLocalTime(day: string, minuteOfDay: number, timezone: string): Date {
  const wallMidnight = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(wallMidnight)) throw new RangeError(`"${day}" is not a YYYY-MM-DD day.`);
  if (!Number.isInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay >= 1440) throw new RangeError(`minuteOfDay must be an integer from 0 to 1439, got ${minuteOfDay}.`);
  return new Date(instantOfWallClock(wallMidnight + minuteOfDay * 60_000, timezone));
}

/** Calendar arithmetic on "YYYY-MM-DD". */
export function addDaysToDayString(day: string, days: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`"${day}" is not a YYYY-MM-DD day.`);
  return dayString(ms + days * DAY_MS);
}

/**
 * The same local wall-clock time `days` learning days later (or earlier, if negative), so "3 days from
 * now" keeps its time of day across a DST change. A wall time the clocks skip moves to just after the jump.
 */
export function addLearningDays(instant: Date, days: number, opts: DayOptions): Date {
  check(instant, opts);
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}.`);
  const wall = wallClockMs(instant.getTime(), opts.timezone);
  return new Date(instantOfWallClock(wall + days * DAY_MS, opts.timezone));
}

/** Whole learning days from `earlier` to `later` (negative if `later` is before `earlier`). */
export function learningDaysBetween(earlier: Date, later: Date, opts: DayOptions): number {
  return Math.floor(learningDayClockMs(later, opts) / DAY_MS) - Math.floor(learningDayClockMs(earlier, opts) / DAY_MS);
}
