// The order a review session shows due cards in. Pure and deterministic: the same cards and `now`
// always give the same order, so a reload does not reshuffle the session.

import type { CardState } from "./scheduler";

export interface QueueCard {
  id: string;
  lessonId: string;
  due: Date;
  state: CardState;
  /** Probability of recall now (see `retrievability`). */
  retrievability: number;
}

/**
 * Priority, before spreading lessons apart:
 * 1. (re)learning cards whose step is due, longest-waiting first: their steps are minutes long and
 *    lose their point if they wait behind a long review session;
 * 2. review cards, most forgotten (lowest retrievability) first, so a session cut short still saves
 *    the memories closest to being lost;
 * 3. anything else due (a NEW card row, which the app does not normally store), oldest first.
 * Ties fall back to due date, then id.
 */
function tier(state: CardState): number {
  if (state === "LEARNING" || state === "RELEARNING") return 0;
  if (state === "REVIEW") return 1;
  return 2;
}

function byPriority(a: QueueCard, b: QueueCard): number {
  const ta = tier(a.state);
  const tb = tier(b.state);
  if (ta !== tb) return ta - tb;
  if (ta === 1) {
    const ra = Number.isFinite(a.retrievability) ? a.retrievability : 0;
    const rb = Number.isFinite(b.retrievability) ? b.retrievability : 0;
    if (ra !== rb) return ra - rb;
  }
  const dueDiff = a.due.getTime() - b.due.getTime();
  if (dueDiff !== 0) return dueDiff;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The ids of the cards due at `now`, in the order to review them: by priority (above), but with no two
 * cards of the same lesson next to each other whenever the mix of lessons allows it — neighbouring
 * questions from one lesson cue each other's answers.
 *
 * Greedy with lookahead: take the highest-priority card whose lesson differs from the previous card's
 * and whose removal leaves a remainder that can still be spread (no lesson holding more than half of it).
 * When spreading is impossible, the lesson with the most cards left goes next, which keeps the
 * unavoidable neighbours to a minimum. O(n·(n + lessons)).
 */
export function orderQueue(cards: readonly QueueCard[], now: Date): string[] {
  const due = cards.filter((c) => c.due.getTime() <= now.getTime()).sort(byPriority);
  const remaining = [...due];
  const counts = new Map<string, number>();
  for (const c of remaining) counts.set(c.lessonId, (counts.get(c.lessonId) ?? 0) + 1);

  const order: string[] = [];
  let previous: string | null = null;
  while (remaining.length > 0) {
    const left = remaining.length - 1;
    let top: string | null = null;
    let topCount = 0;
    let secondCount = 0;
    for (const [lessonId, count] of counts) {
      if (count > topCount || (count === topCount && top !== null && lessonId < top)) {
        secondCount = topCount;
        topCount = count;
        top = lessonId;
      } else if (count > secondCount) {
        secondCount = count;
      }
    }
    // After taking a card of `lessonId`, the largest lesson left must fit in every other slot of
    // `left` positions, which must not start with `lessonId` itself.
    const spreadable = (lessonId: string) => {
      const countAfter = (counts.get(lessonId) ?? 0) - 1;
      const largestOther = lessonId === top ? secondCount : topCount;
      return countAfter <= Math.floor(left / 2) && largestOther <= Math.ceil(left / 2);
    };
    let index = remaining.findIndex((c) => c.lessonId !== previous && spreadable(c.lessonId));
    if (index === -1) {
      const dominant = top !== previous ? top : null;
      index = dominant !== null ? remaining.findIndex((c) => c.lessonId === dominant) : -1;
      if (index === -1) index = remaining.findIndex((c) => c.lessonId !== previous);
      if (index === -1) index = 0;
    }
    const [card] = remaining.splice(index, 1);
    order.push(card!.id);
    previous = card!.lessonId;
    const count = counts.get(previous)! - 1;
    if (count === 0) counts.delete(previous);
    else counts.set(previous, count);
  }
  return order;
}
