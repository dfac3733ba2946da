// Formatting for the dashboard: fixed English labels, no locale surprises between server and tests.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

/** 0.873 → "87%"; null (nothing to measure) → "—". */
export function formatPercent(rate: number | null, digits = 0): string {
  if (rate === null || !Number.isFinite(rate)) return "—";
  return `${(rate * 100).toFixed(digits)}%`;
}

/** A length of time: "45 s", "12 min", "1 h 05 min". */
export function formatDurationMs(ms: number): string {
  const seconds = Math.round(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, "0")} min`;
}

/** How long until an instant, coarsely: "in 40 min", "in 3 h", "in 2 days"; "now" if past. */
export function formatTimeUntil(target: Date, now: Date): string {
  const ms = target.getTime() - now.getTime();
  if (ms <= 0) return "now";
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `in ${hours} h`;
  const days = Math.round(hours / 24);
  return `in ${plural(days, "day")}`;
}

function parts(day: string): { y: number; m: number; d: number; wd: number } {
  const date = new Date(`${day}T00:00:00Z`);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth(), d: date.getUTCDate(), wd: date.getUTCDay() };
}

/** "2025-03-04" → "Tue 4 Mar 2025" (or without the year). */
export function formatDay(day: string, { year = true, weekday = true }: { year?: boolean; weekday?: boolean } = {}): string {
  const { y, m, d, wd } = parts(day);
  return [weekday ? WEEKDAYS[wd] : null, d, MONTHS[m], year ? y : null].filter((x) => x !== null).join(" ");
}

/** "2025-03" → "March 2025". */
export function formatMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return `${MONTHS_LONG[m! - 1]} ${y}`;
}

export function shortMonth(month: string): string {
  return MONTHS[Number(month.slice(5, 7)) - 1]!;
}

export function weekdayName(weekday: number): string {
  return WEEKDAYS[weekday]!;
}

/** Local wall-clock time of an instant in the learner's zone: "14:05". */
export function formatLocalTime(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/**
 * Breaks a label into at most `maxLines` lines of at most `maxChars` characters, at spaces where it can;
 * what does not fit ends the last line with "…" (the full label stays in the chart's tooltip and table).
 */
export function wrapLabel(label: string, maxChars: number, maxLines: number): string[] {
  const words = label.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    let rest = word;
    while (rest.length > maxChars) {
      if (current) {
        lines.push(current);
        current = "";
      }
      lines.push(rest.slice(0, maxChars));
      rest = rest.slice(maxChars);
    }
    if (!current) current = rest;
    else if (current.length + 1 + rest.length <= maxChars) current = `${current} ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${last.length >= maxChars ? last.slice(0, maxChars - 1) : last}…`;
  return kept;
}
