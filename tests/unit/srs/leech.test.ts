import { describe, expect, it } from "vitest";
import { relearnCard } from "@/lib/srs/leech";
import { UTC_MIDNIGHT_DAYS } from "@/lib/srs/day";
import { LEECH_LAPSES, isLeech, newCard, reviewCard, type Rating, type SchedulerOptions, type SrsCard } from "@/lib/srs/scheduler";

const NOW = new Date("2025-03-03T09:00:00Z");
const OPTIONS: SchedulerOptions = { desiredRetention: 0.9, enableFuzz: false, day: UTC_MIDNIGHT_DAYS };

function review(card: SrsCard, rating: Rating, now = card.due) {
  return reviewCard({ card, rating, now, options: OPTIONS }).card;
}

/** A card lapsed `lapses` times through real reviews: Good until it is a review card, then Again when due. */
function lapsedCard(lapses: number): SrsCard {
  let card = review(newCard(NOW), 3, NOW);
  while (card.lapses < lapses) card = card.state === "REVIEW" ? review(card, 1) : review(card, 3);
  return card;
}

describe("isLeech", () => {
  it(`counts lapses since the last relearn: a leech at ${LEECH_LAPSES} more, not before`, () => {
    expect(isLeech({ lapses: LEECH_LAPSES })).toBe(true);
    expect(isLeech({ lapses: LEECH_LAPSES }, LEECH_LAPSES)).toBe(false);
    expect(isLeech({ lapses: 2 * LEECH_LAPSES - 1 }, LEECH_LAPSES)).toBe(false);
    expect(isLeech({ lapses: 2 * LEECH_LAPSES }, LEECH_LAPSES)).toBe(true);
  });
});

describe("relearnCard", () => {
  it("makes a leech a relearning card at its first step, due now, keeping its memory state and lapses", () => {
    const leech = lapsedCard(LEECH_LAPSES);
    const later = new Date(leech.due.getTime() + 5 * 86_400_000);
    const back = relearnCard(leech, later);
    expect(back).toEqual({ ...leech, state: "RELEARNING", learningSteps: 0, scheduledDays: 0, due: later });
  });

  it("gives a card that FSRS schedules as any relearning card: Good sends it back to review", () => {
    const back = relearnCard(lapsedCard(LEECH_LAPSES), new Date(NOW.getTime() + 90 * 86_400_000));
    const after = review(back, 3);
    expect(after.state).toBe("REVIEW");
    expect(after.lapses).toBe(LEECH_LAPSES);
    expect(after.scheduledDays).toBeGreaterThanOrEqual(1);
  });
});
