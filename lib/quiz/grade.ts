// Grading, pure: the server calls these with the stored question, so the browser never needs the
// answer before it has answered.

import { RATINGS, type Rating } from "@/lib/srs/rating";
import type { EstimatePayload, Feedback, FreeRecallPayload, MultipleChoicePayload, QuestionKind } from "./types";

export interface MultipleChoiceGrade {
  correct: boolean;
  /** Choices the learner picked, in the author's order. */
  selected: string[];
  /** Correct choices the learner did not pick. */
  missed: string[];
  /** Picked ids that are not correct (including ids that are not choices of this question). */
  wrong: string[];
}

/**
 * A single-answer question is right when exactly one choice is picked and it is correct; a
 * multiple-answer question when the picked set is exactly the correct set.
 */
export function gradeMultipleChoice(payload: MultipleChoicePayload, choiceIds: readonly string[]): MultipleChoiceGrade {
  const picked = new Set(choiceIds);
  const known = new Set(payload.choices.map((c) => c.id));
  const selected = payload.choices.filter((c) => picked.has(c.id)).map((c) => c.id);
  const unknown = [...picked].filter((id) => !known.has(id));
  const wrong = [...payload.choices.filter((c) => picked.has(c.id) && !c.correct).map((c) => c.id), ...unknown];
  const correctIds = payload.choices.filter((c) => c.correct).map((c) => c.id);

  if (!payload.multiple) {
    const correct = picked.size === 1 && wrong.length === 0 && selected.length === 1;
    return { correct, selected, missed: correct ? [] : correctIds.filter((id) => !picked.has(id)), wrong };
  }
  const missed = correctIds.filter((id) => !picked.has(id));
  return { correct: correctIds.length > 0 && missed.length === 0 && wrong.length === 0, selected, missed, wrong };
}

/**
 * Lower case, accents folded, punctuation and runs of whitespace turned into single spaces:
 * "At-least-once  Delivery!" → "at least once delivery".
 */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * A keyword counts when it starts at a word boundary of the answer: "cache" finds "caches" and
 * "cached" (authors rarely list every inflection) but not "rate" inside "accurate".
 */
function containsKeyword(normalisedAnswer: string, keyword: string): boolean {
  const phrase = normaliseText(keyword);
  return phrase.length > 0 && ` ${normalisedAnswer}`.includes(` ${phrase}`);
}

export interface FreeRecallSuggestion {
  /** Indexes of the key points the answer mentions. */
  found: number[];
  /** Undefined when there is nothing to go on (no answer written, or no key points). */
  suggestedRating?: Rating;
}

/**
 * Which key points a written answer mentions, and the grade that suggests: all → Good, at least
 * half → Hard, fewer → Again. Never Easy: only the learner knows it came effortlessly. The learner
 * has the last word either way; this only preselects a button.
 */
export function suggestFreeRecallGrade(payload: FreeRecallPayload, text: string): FreeRecallSuggestion {
  const answer = normaliseText(text ?? "");
  if (answer.length === 0) return { found: [] };
  const found = payload.keyPoints.flatMap((point, i) => (point.keywords.some((k) => containsKeyword(answer, k)) ? [i] : []));
  const total = payload.keyPoints.length;
  if (total === 0) return { found };
  const suggestedRating: Rating = found.length === total ? 3 : found.length * 2 >= total ? 2 : 1;
  return { found, suggestedRating };
}

export interface EstimateGrade {
  correct: boolean;
  /** How far off, as a ratio ≥ 1 (2 = off by a factor of two either way); Infinity when not comparable. */
  factor: number;
  withinTolerance: boolean;
  /** False when the learner gave a unit that is not the question's. */
  unitMatches: boolean;
}

function sameUnit(given: string | undefined, expected: string): boolean {
  const norm = (u: string) => u.trim().replace(/\s+/g, " ").toLowerCase();
  return given === undefined || norm(given) === "" || norm(given) === norm(expected);
}

/**
 * An estimate is right within the question's tolerance: relative (|v − a| ≤ tolerance·|a|) or order of
 * magnitude (within a factor of 10). The factor compares magnitudes, so it needs both numbers on the
 * same side of zero; zero, a sign flip, NaN or Infinity cannot be within a factor and are wrong
 * unless a relative tolerance says otherwise (e.g. answering 0 when the answer is 0).
 */
export function gradeEstimate(payload: EstimatePayload, value: number, unit?: string): EstimateGrade {
  const answer = payload.answer;
  const unitMatches = sameUnit(unit, payload.unit);
  if (!Number.isFinite(value) || !Number.isFinite(answer)) {
    return { correct: false, factor: Number.POSITIVE_INFINITY, withinTolerance: false, unitMatches };
  }
  let factor: number;
  if (value === 0 && answer === 0) factor = 1;
  else if (value === 0 || answer === 0 || Math.sign(value) !== Math.sign(answer)) factor = Number.POSITIVE_INFINITY;
  else factor = Math.max(value / answer, answer / value);

  let withinTolerance: boolean;
  if (payload.tolerance.type === "relative") {
    const tolerance = Math.max(0, payload.tolerance.value || 0);
    // A hair of slack so that 110 counts as within 10% of 100 despite binary floating point.
    withinTolerance = Math.abs(value - answer) <= tolerance * Math.abs(answer) * (1 + 1e-12) + Number.EPSILON;
  } else {
    withinTolerance = factor <= 10 * (1 + 1e-12);
  }
  return { correct: withinTolerance && unitMatches, factor, withinTolerance, unitMatches };
}

/**
 * The grade a machine-graded answer gets: wrong → Again, right → Good. For a right answer the learner
 * may pick Hard or Easy instead (see `isRatingAllowed`).
 */
export function ratingFor(_kind: QuestionKind, correct: boolean): Rating {
  return correct ? 3 : 1;
}

/** Machine-graded kinds: a wrong answer is Again and a right one is not. Free recall is self-graded. */
export function isRatingAllowed(kind: QuestionKind, correct: boolean, rating: Rating): boolean {
  if (kind === "FREE_RECALL") return true;
  return correct ? rating !== 1 : rating === 1;
}

/** The grades the learner may choose once shown this feedback (the browser offers only these). */
export function allowedRatings(feedback: Feedback): Rating[] {
  const correct = feedback.kind === "FREE_RECALL" || feedback.correct;
  return RATINGS.filter((rating) => isRatingAllowed(feedback.kind, correct, rating));
}

/**
 * The grade Enter accepts. Free recall: the key points' suggestion (Again with fewer than half of
 * them); with nothing written, or no key points, none at all: only the learner knows whether they
 * recalled it, and a passing grade they did not choose would count as remembered.
 */
export function defaultRating(feedback: Feedback): Rating | null {
  return feedback.kind === "FREE_RECALL" ? (feedback.suggestedRating ?? null) : ratingFor(feedback.kind, feedback.correct);
}
