import { describe, expect, it } from "vitest";
import { orderQueue, type QueueCard } from "@/lib/srs/queue";
import { mulberry32 } from "@/lib/srs/random";
import { shuffleChoices } from "@/lib/quiz/shuffle";

const NOW = new Date("2025-03-03T09:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

function card(id: string, lessonId: string, overrides: Partial<QueueCard> = {}): QueueCard {
  return { id, lessonId, due: minutesAgo(60), state: "REVIEW", retrievability: 0.9, ...overrides };
}

function adjacentSameLesson(order: string[], cards: QueueCard[]): number {
  const lesson = new Map(cards.map((c) => [c.id, c.lessonId]));
  let count = 0;
  for (let i = 1; i < order.length; i++) if (lesson.get(order[i]!) === lesson.get(order[i - 1]!)) count++;
  return count;
}

describe("orderQueue", () => {
  it("returns only cards that are due", () => {
    const cards = [card("due", "a"), card("later", "b", { due: new Date(NOW.getTime() + 60_000) }), card("exactly-now", "c", { due: NOW })];
    expect(orderQueue(cards, NOW).sort()).toEqual(["due", "exactly-now"]);
  });

  it("puts the most forgotten review cards first", () => {
    const cards = [card("r80", "a", { retrievability: 0.8 }), card("r50", "b", { retrievability: 0.5 }), card("r95", "c", { retrievability: 0.95 })];
    expect(orderQueue(cards, NOW)).toEqual(["r50", "r80", "r95"]);
  });

  it("puts (re)learning cards whose step is due first, longest waiting first", () => {
    const cards = [
      card("review-low", "a", { retrievability: 0.3 }),
      card("learning-2m", "b", { state: "LEARNING", due: minutesAgo(2), retrievability: 0.99 }),
      card("relearning-8m", "c", { state: "RELEARNING", due: minutesAgo(8), retrievability: 0.98 }),
      card("review-high", "d", { retrievability: 0.9 }),
    ];
    expect(orderQueue(cards, NOW)).toEqual(["relearning-8m", "learning-2m", "review-low", "review-high"]);
  });

  it("spreads a lesson's cards apart when the mix allows, even against retrievability order", () => {
    const cards = [
      card("a1", "A", { retrievability: 0.1 }),
      card("a2", "A", { retrievability: 0.2 }),
      card("a3", "A", { retrievability: 0.3 }),
      card("b1", "B", { retrievability: 0.8 }),
      card("c1", "C", { retrievability: 0.9 }),
    ];
    const order = orderQueue(cards, NOW);
    expect(order).toEqual(["a1", "b1", "a2", "c1", "a3"]);
    expect(adjacentSameLesson(order, cards)).toBe(0);
  });

  it("keeps unavoidable neighbours to the minimum", () => {
    const cards = [card("a1", "A", { retrievability: 0.1 }), card("a2", "A", { retrievability: 0.2 }), card("a3", "A", { retrievability: 0.3 }), card("b1", "B")];
    const order = orderQueue(cards, NOW);
    expect(adjacentSameLesson(order, cards)).toBe(1);
    expect(order[0]).toBe("a1");
  });

  it("is deterministic: ties break by due date then id, and input order does not matter", () => {
    const cards = [card("b", "L1"), card("a", "L2"), card("c", "L3", { due: minutesAgo(120) })];
    expect(orderQueue(cards, NOW)).toEqual(["c", "a", "b"]);
    expect(orderQueue([...cards].reverse(), NOW)).toEqual(["c", "a", "b"]);
  });

  it("treats a missing retrievability (NaN) as fully forgotten", () => {
    const cards = [card("known", "A", { retrievability: 0.5 }), card("nan", "B", { retrievability: Number.NaN })];
    expect(orderQueue(cards, NOW)).toEqual(["nan", "known"]);
  });

  it("on random queues: a permutation of the due cards, with no avoidable neighbours from one lesson", () => {
    const random = mulberry32(42);
    for (let trial = 0; trial < 300; trial++) {
      const lessons = 1 + Math.floor(random() * 6);
      const n = Math.floor(random() * 40);
      const cards = Array.from({ length: n }, (_, i) =>
        card(`c${i}`, `L${Math.floor(random() ** 2 * lessons)}`, {
          state: random() < 0.2 ? "LEARNING" : "REVIEW",
          retrievability: random(),
          due: minutesAgo(Math.floor(random() * 1000) - 100),
        }),
      );
      const due = cards.filter((c) => c.due <= NOW);
      const order = orderQueue(cards, NOW);
      expect([...order].sort()).toEqual(due.map((c) => c.id).sort());

      const counts = new Map<string, number>();
      for (const c of due) counts.set(c.lessonId, (counts.get(c.lessonId) ?? 0) + 1);
      const largest = Math.max(0, ...counts.values());
      const unavoidable = Math.max(0, largest - 1 - (due.length - largest));
      expect(adjacentSameLesson(order, due)).toBe(unavoidable);

      const shuffled = shuffleChoices(cards, `trial-${trial}`);
      expect(orderQueue(shuffled, NOW)).toEqual(order);
    }
  });
});
