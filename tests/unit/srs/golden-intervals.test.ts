// Golden intervals, in the style of ts-fsrs's own `ivl_history` tests: a fixed sequence of ratings,
// each answered when the card comes due, gives an exact sequence of intervals (days; 0 for a learning
// step) and of elapsed days. Fuzz off, FSRS-6 default parameters, retention 0.9, steps 1m/10m and 10m.
// Any change to the scheduler, its parameters or the day rule shows up here as a diff: update the
// numbers only when the change is meant.
import { describe, expect, it } from "vitest";
import { fsrs, createEmptyCard, type Grade } from "ts-fsrs";
import type { DayOptions } from "@/lib/srs/day";
import { DEFAULT_PARAMS, newCard, reviewCard, type Rating, type SrsCard } from "@/lib/srs/scheduler";
import { local } from "../../helpers/local-time";

interface History {
  intervalDays: number[];
  elapsedDays: number[];
  /** When each answer leaves the card due, in the learner's local time. */
  due: string[];
}

function history(ratings: Rating[], start: Date, day: DayOptions): History {
  const result: History = { intervalDays: [], elapsedDays: [], due: [] };
  let card: SrsCard = newCard(start);
  let now = start;
  for (const rating of ratings) {
    const { card: after, log } = reviewCard({ card, rating, now, options: { desiredRetention: 0.9, enableFuzz: false, day } });
    result.intervalDays.push(after.scheduledDays);
    result.elapsedDays.push(log.elapsedDays);
    result.due.push(local(after.due, day.timezone));
    card = after;
    now = after.due;
  }
  return result;
}

const UTC_MIDNIGHT: DayOptions = { timezone: "UTC", dayStartHour: 0 };
const PARIS: DayOptions = { timezone: "Europe/Paris", dayStartHour: 4 };
/** ts-fsrs's own test sequence: six Goods, two Agains, five Goods. */
const GOOD_AGAIN: Rating[] = [3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3];
/** What that sequence schedules, in days, wherever and whenever the learner answers. */
const GOOD_AGAIN_INTERVAL_DAYS = [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21];

describe("golden intervals", () => {
  it("Good ×6, Again ×2, Good ×5 (ts-fsrs's sequence), in UTC with days from midnight", () => {
    const h = history(GOOD_AGAIN, new Date("2022-12-29T12:30:00Z"), UTC_MIDNIGHT);
    expect(h.intervalDays).toEqual(GOOD_AGAIN_INTERVAL_DAYS);
    expect(h.elapsedDays).toEqual([0, 0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12]);
    expect(h.due).toEqual([
      "2022-12-29 12:40",
      "2022-12-31 00:00",
      "2023-01-11 00:00",
      "2023-02-26 00:00",
      "2023-08-08 00:00",
      "2024-12-18 00:00",
      "2024-12-18 00:10",
      "2024-12-18 00:20",
      "2024-12-20 00:00",
      "2024-12-24 00:00",
      "2024-12-31 00:00",
      "2025-01-12 00:00",
      "2025-02-02 00:00",
    ]);
  });

  it("the same intervals as ts-fsrs itself for that sequence (our wrapper changes the days, not the memory model)", () => {
    const f = fsrs({ w: [...DEFAULT_PARAMS], enable_fuzz: false, enable_short_term: true, request_retention: 0.9, learning_steps: ["1m", "10m"], relearning_steps: ["10m"] });
    let card = createEmptyCard(new Date("2022-12-29T12:30:00Z"));
    let now = card.due;
    const theirs: number[] = [];
    for (const rating of GOOD_AGAIN) {
      card = f.next(card, now, rating as Grade).card;
      theirs.push(card.scheduled_days);
      now = card.due;
    }
    expect(history(GOOD_AGAIN, new Date("2022-12-29T12:30:00Z"), UTC_MIDNIGHT).intervalDays).toEqual(theirs);
  });

  it("the same sequence for a Paris learner answering at 21:00: same intervals, each due at 04:00 local", () => {
    const h = history(GOOD_AGAIN, new Date("2025-03-25T20:00:00Z"), PARIS);
    expect(h.intervalDays).toEqual(GOOD_AGAIN_INTERVAL_DAYS);
    expect(h.due).toEqual([
      "2025-03-25 21:10",
      "2025-03-27 04:00",
      "2025-04-07 04:00",
      "2025-05-23 04:00",
      "2025-11-02 04:00",
      "2027-03-15 04:00",
      "2027-03-15 04:10",
      "2027-03-15 04:20",
      "2027-03-17 04:00",
      "2027-03-21 04:00",
      "2027-03-28 04:00",
      "2027-04-09 04:00",
      "2027-04-30 04:00",
    ]);
  });

  it("Easy first, a lapse, then Hard and Easy", () => {
    const h = history([4, 3, 3, 1, 3, 3, 2, 4], new Date("2022-12-29T12:30:00Z"), UTC_MIDNIGHT);
    expect(h.intervalDays).toEqual([8, 39, 153, 0, 5, 13, 24, 67]);
    expect(h.elapsedDays).toEqual([0, 8, 39, 153, 0, 5, 13, 24]);
  });

  it("Again first, through the learning steps (1m, 6m for Hard, 10m), a same-day lapse", () => {
    const h = history([1, 2, 3, 3, 3, 1, 3, 3, 4], new Date("2022-12-29T12:30:00Z"), UTC_MIDNIGHT);
    expect(h.intervalDays).toEqual([0, 0, 0, 1, 2, 0, 1, 2, 5]);
    expect(h.elapsedDays).toEqual([0, 0, 0, 0, 1, 2, 0, 1, 2]);
    expect(h.due.slice(0, 4)).toEqual(["2022-12-29 12:31", "2022-12-29 12:37", "2022-12-29 12:47", "2022-12-30 00:00"]);
  });
});
