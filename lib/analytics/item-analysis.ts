// Classical item analysis for the instructor's cohort dashboard: how hard each question was on the
// learners' FIRST attempt, whether it separates strong from weak learners, and which wrong answers
// attract people. Pure and dependency-free: the caller loads the attempts, this only counts.
//
// Definitions
// - The cohort's "test" is every item passed to analyseItems. A learner's TOTAL score is the number
//   of items whose first attempt they got right (an item they never attempted counts as 0).
// - Facility (difficulty index p): share of the item's first attempts that were correct.
// - Discrimination index D (upper-lower, Kelley's 27% groups): rank the N learners who attempted the
//   item by total score, highest first; ties on the total are broken by userId in ascending code-unit
//   order (never by the answer to this item, which would bias D). The group size is
//     n = min(max(1, round(groupFraction · N)), floor(N / 2))
//   with Math.round (halves round up), so the groups never overlap; N < 2 gives no D (null). The upper
//   group is the first n of the ranking, the lower group the last n, and
//     D = (correct in upper) / n − (correct in lower) / n.
//   The ranking uses the total INCLUDING this item, as in the textbook procedure.
// - Point-biserial r_pb: Pearson correlation between the item's 0/1 score and the learner's REST
//   score (total minus this item), i.e. the "corrected item-total" correlation, which does not credit
//   the item for correlating with itself. Null when either variance is 0 (everyone right, everyone
//   wrong, or all rest scores equal) or fewer than 2 attempts.
// - Lapse rate: laterLapses / laterReviews (null without later reviews).
//
// Kelley, T. L. (1939), "The selection of upper and lower groups for the validation of test items",
// Journal of Educational Psychology 30, is the usual reference for the 27% groups.

export interface ItemAttempt {
  userId: string;
  correct: boolean;
  /** The choices the learner picked (multiple choice only). */
  choiceIds?: string[];
} // a learner's FIRST attempt at a question

export interface ItemInput {
  questionId: string;
  kind: "MULTIPLE_CHOICE" | "FREE_RECALL" | "ESTIMATE";
  /** One per learner; if a userId appears twice, the first entry is used and the rest ignored. */
  firstAttempts: ItemAttempt[];
  correctChoiceIds?: string[]; // MC only
  choices?: { id: string; label: string }[]; // MC only, in display order
  laterReviews: number; // reviews after the first attempt
  laterLapses: number; // of those, rated Again (rating 1) on a card that was in Review state
  meanDifficulty: number | null; // mean FSRS difficulty of the cohort's cards (1..10)
}

export interface ChoiceStats {
  id: string;
  label: string;
  correct: boolean;
  /** First attempts that picked this choice (a multiple-answer pick counts for every choice in it). */
  picks: number;
  /** picks / attempts; with several correct answers the shares can add up to more than 1. */
  share: number;
}

export interface ItemStats {
  questionId: string;
  attempts: number;
  facility: number | null; // share correct on first attempt
  discrimination: number | null; // upper-lower 27% index D = p_upper - p_lower
  pointBiserial: number | null; // corrected item-rest point-biserial correlation
  lapseRate: number | null; // laterLapses / laterReviews
  meanDifficulty: number | null;
  choices?: ChoiceStats[];
  flags: ItemFlag[];
}

export type ItemFlagCode = "negative-discrimination" | "distractor-beats-key" | "near-zero-facility" | "too-few-attempts" | "ceiling";

/**
 * "warning": the question probably needs fixing. "info": worth knowing, not a defect — "ceiling" (almost
 * everyone right) and "too-few-attempts" (nothing to judge yet).
 */
export type ItemFlagSeverity = "warning" | "info";

export type ItemFlag = { code: ItemFlagCode; severity: ItemFlagSeverity; message: string };

/** A learner's answer to one item together with their total score on the whole test. */
export interface ScoredResponse {
  userId: string;
  correct: boolean;
  total: number;
}

export interface ItemAnalysisOptions {
  /** Below this many first attempts the statistics are null and only "too-few-attempts" is flagged. Default 5. */
  minAttempts?: number;
  /** Share of the ranked learners in each of the upper and lower groups, in (0, 0.5]. Default 0.27. */
  groupFraction?: number;
}

export const DEFAULT_MIN_ATTEMPTS = 5;
export const DEFAULT_GROUP_FRACTION = 0.27;
export const NEAR_ZERO_FACILITY = 0.2;
export const CEILING_FACILITY = 0.95;

// ---------------------------------------------------------------------------------------------------
// Building blocks

/** Share of attempts that were correct; null with no attempts. */
export function facility(attempts: readonly { correct: boolean }[]): number | null {
  if (attempts.length === 0) return null;
  return attempts.filter((a) => a.correct).length / attempts.length;
}

/** Group size for the upper and lower groups among `count` ranked learners (see the header). */
export function groupSize(count: number, groupFraction: number = DEFAULT_GROUP_FRACTION): number {
  assertGroupFraction(groupFraction);
  if (count < 2) return 0;
  return Math.min(Math.max(1, Math.round(groupFraction * count)), Math.floor(count / 2));
}

function byTotalThenUserId(a: Pick<ScoredResponse, "userId" | "total">, b: Pick<ScoredResponse, "userId" | "total">): number {
  if (a.total !== b.total) return b.total - a.total;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/**
 * The upper and lower groups: responses ranked by total (highest first, ties by ascending userId), the
 * first n and the last n. Null with fewer than 2 responses. Input order does not matter.
 */
export function discriminationGroups(
  responses: readonly ScoredResponse[],
  groupFraction: number = DEFAULT_GROUP_FRACTION,
): { n: number; upper: ScoredResponse[]; lower: ScoredResponse[] } | null {
  const n = groupSize(responses.length, groupFraction);
  if (n === 0) return null;
  const ranked = [...responses].sort(byTotalThenUserId);
  return { n, upper: ranked.slice(0, n), lower: ranked.slice(ranked.length - n) };
}

/** D = (correct in upper)/n − (correct in lower)/n, in [−1, 1]; null with fewer than 2 responses. */
export function upperLowerDiscrimination(responses: readonly ScoredResponse[], groupFraction: number = DEFAULT_GROUP_FRACTION): number | null {
  const groups = discriminationGroups(responses, groupFraction);
  if (groups === null) return null;
  const upper = groups.upper.filter((r) => r.correct).length;
  const lower = groups.lower.filter((r) => r.correct).length;
  return (upper - lower) / groups.n;
}

/**
 * Pearson correlation between the 0/1 item score and the rest score (total minus this item — pass it
 * already corrected). Null with fewer than 2 pairs or when either variable is constant.
 */
export function pointBiserial(pairs: readonly { correct: boolean; rest: number }[]): number | null {
  const count = pairs.length;
  if (count < 2) return null;
  const first = pairs[0]!;
  if (pairs.every((p) => p.correct === first.correct)) return null;
  if (pairs.every((p) => p.rest === first.rest)) return null;
  let sumX = 0;
  let sumY = 0;
  for (const p of pairs) {
    sumX += p.correct ? 1 : 0;
    sumY += p.rest;
  }
  const meanX = sumX / count;
  const meanY = sumY / count;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of pairs) {
    const dx = (p.correct ? 1 : 0) - meanX;
    const dy = p.rest - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** A learner's total (correct first attempts) and first attempts, each the question's index in the list of question ids · 2 + 1 when correct. */
export interface LearnerFirsts {
  userId: string | null;
  total: number;
  firsts: readonly number[] | null;
}

/** A question's first attempts, how many were correct, D and r_pb (null where undefined). */
export interface QuestionFirstCounts {
  questionId: string;
  attempts: number;
  correct: number;
  discrimination: number | null;
  pointBiserial: number | null;
}

/**
 * The item analysis' counts from each learner's total and first attempts, for a report whose first
 * attempts come from the database one integer each (the cohort dashboard), with this file's
 * definitions (the figures upperLowerDiscrimination and pointBiserial give over the same responses):
 * the learners who attempted any question ranked by total (highest first, ties by userId); per
 * question, its attempters in that order, the first and last n of them the upper and lower groups
 * (n = groupSize(attempts)), D the difference of their correct counts over n, and r_pb the
 * correlation of the 0/1 score with the rest score (total minus this item), from sums that are exact
 * integers. Linear in the attempts, with no sort per question.
 */
export function itemCountsFromFirsts(
  rows: readonly LearnerFirsts[],
  /** The questions by index (a sparse list: the cohort dashboard's are by Question.no). */
  questionIds: readonly (string | undefined)[],
  groupFraction = DEFAULT_GROUP_FRACTION,
): QuestionFirstCounts[] {
  const ranked = rows.filter((r): r is LearnerFirsts & { userId: string; firsts: readonly number[] } => r.userId !== null && r.firsts !== null && r.firsts.length > 0);
  ranked.sort(byTotalThenUserId);
  const q = questionIds.length;
  const attempts = new Float64Array(q);
  const correct = new Float64Array(q);
  const sumY = new Float64Array(q);
  const sumYY = new Float64Array(q);
  const sumXY = new Float64Array(q);
  for (const r of ranked) {
    for (const e of r.firsts) {
      const i = e >> 1;
      const x = e & 1;
      const rest = r.total - x;
      attempts[i] += 1;
      correct[i] += x;
      sumY[i] += rest;
      sumYY[i] += rest * rest;
      sumXY[i] += x * rest;
    }
  }
  const n = new Float64Array(q);
  for (let i = 0; i < q; i++) n[i] = groupSize(attempts[i]!, groupFraction);
  const seen = new Float64Array(q);
  const upper = new Float64Array(q);
  const lower = new Float64Array(q);
  for (const r of ranked) {
    for (const e of r.firsts) {
      const i = e >> 1;
      const place = seen[i]++;
      if (place < n[i]!) upper[i] += e & 1;
      if (place >= attempts[i]! - n[i]!) lower[i] += e & 1;
    }
  }
  const out: QuestionFirstCounts[] = [];
  for (let i = 0; i < q; i++) {
    const count = attempts[i]!;
    const questionId = questionIds[i];
    if (count === 0 || questionId === undefined) continue;
    // n·Sxx, n·Syy and n·Sxy as integers (exact in doubles up to 2^53).
    const sxx = count * correct[i]! - correct[i]! * correct[i]!;
    const syy = count * sumYY[i]! - sumY[i]! * sumY[i]!;
    const sxy = count * sumXY[i]! - correct[i]! * sumY[i]!;
    out.push({
      questionId,
      attempts: count,
      correct: correct[i]!,
      discrimination: n[i]! > 0 ? (upper[i]! - lower[i]!) / n[i]! : null,
      pointBiserial: sxx > 0 && syy > 0 ? sxy / (Math.sqrt(sxx) * Math.sqrt(syy)) : null,
    });
  }
  return out;
}

/** Each learner's total: the number of items whose first attempt was correct (first entry per user and item). */
export function learnerTotals(items: readonly ItemInput[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const item of items) {
    for (const attempt of firstAttemptPerUser(item.firstAttempts)) {
      totals.set(attempt.userId, (totals.get(attempt.userId) ?? 0) + (attempt.correct ? 1 : 0));
    }
  }
  return totals;
}

/** Picks per choice: the given choices in display order, then any picked id that is not among them (labelled by its id). */
export function choiceStats(item: Pick<ItemInput, "firstAttempts" | "choices" | "correctChoiceIds">): ChoiceStats[] {
  const attempts = firstAttemptPerUser(item.firstAttempts);
  const picks = new Map<string, number>();
  for (const attempt of attempts) {
    for (const id of new Set(attempt.choiceIds ?? [])) picks.set(id, (picks.get(id) ?? 0) + 1);
  }
  return choiceStatsFromPicks({ choices: item.choices, correctChoiceIds: item.correctChoiceIds, picks, attempts: attempts.length });
}

/** choiceStats from picks already counted (first attempts per choice id, in the order unknown ids are listed). */
export function choiceStatsFromPicks({
  choices,
  correctChoiceIds,
  picks,
  attempts,
}: Pick<ItemInput, "choices" | "correctChoiceIds"> & { picks: ReadonlyMap<string, number>; attempts: number }): ChoiceStats[] {
  const correctIds = new Set(correctChoiceIds ?? []);
  const rows = new Map<string, { id: string; label: string; picks: number }>();
  for (const choice of choices ?? []) {
    if (!rows.has(choice.id)) rows.set(choice.id, { id: choice.id, label: choice.label, picks: 0 });
  }
  for (const [id, n] of picks) {
    const row = rows.get(id) ?? { id, label: id, picks: 0 };
    row.picks += n;
    rows.set(id, row);
  }
  return [...rows.values()].map((row) => ({
    ...row,
    correct: correctIds.has(row.id),
    share: attempts > 0 ? row.picks / attempts : 0,
  }));
}

// ---------------------------------------------------------------------------------------------------
// The analysis

/**
 * Statistics and flags for every item, in input order. Totals (for D and r_pb) are taken over all the
 * items passed in, so pass the whole cohort test at once, not one question at a time.
 *
 * Below `minAttempts` first attempts, facility, discrimination and pointBiserial are null and the only
 * flag is "too-few-attempts"; lapseRate, meanDifficulty and the choice counts are still reported, as
 * they are raw counts or come from the later reviews.
 *
 * Flags, in this order: negative-discrimination (D < 0), distractor-beats-key (one per wrong choice
 * picked more often than every correct choice, MC only), near-zero-facility (facility < 0.2), ceiling
 * (facility > 0.95, severity "info").
 */
export function analyseItems(items: ItemInput[], opts: ItemAnalysisOptions = {}): ItemStats[] {
  const minAttempts = opts.minAttempts ?? DEFAULT_MIN_ATTEMPTS;
  const groupFraction = opts.groupFraction ?? DEFAULT_GROUP_FRACTION;
  assertGroupFraction(groupFraction);
  if (!Number.isFinite(minAttempts) || minAttempts < 0) throw new RangeError(`minAttempts must be a non-negative number, got ${minAttempts}`);

  const totals = learnerTotals(items);
  return items.map((item) => analyseItem(item, totals, minAttempts, groupFraction));
}

function analyseItem(item: ItemInput, totals: ReadonlyMap<string, number>, minAttempts: number, groupFraction: number): ItemStats {
  const attempts = firstAttemptPerUser(item.firstAttempts);
  const isChoiceItem = item.kind === "MULTIPLE_CHOICE" || item.choices !== undefined;
  const scored: ScoredResponse[] = attempts.map((a) => ({ userId: a.userId, correct: a.correct, total: totals.get(a.userId) ?? 0 }));
  return judgeItem(
    {
      ...item,
      attempts: attempts.length,
      correct: attempts.filter((a) => a.correct).length,
      discrimination: upperLowerDiscrimination(scored, groupFraction),
      pointBiserial: pointBiserial(scored.map((s) => ({ correct: s.correct, rest: s.total - (s.correct ? 1 : 0) }))),
      ...(isChoiceItem ? { choiceStats: choiceStats(item) } : {}),
    },
    minAttempts,
    groupFraction,
  );
}

/**
 * An item whose first attempts were already counted elsewhere (the cohort dashboard counts them in
 * the database): the attempts, the correct ones, D and r_pb worked out as defined in the header over
 * the same test, and the picks per choice id.
 */
export interface ItemCounts extends Omit<ItemInput, "firstAttempts"> {
  attempts: number;
  correct: number;
  discrimination: number | null;
  pointBiserial: number | null;
  /** First attempts that picked each choice id (each attempt counts once per id). */
  picks: ReadonlyMap<string, number>;
}

/** analyseItems for items counted elsewhere: the same statistics, thresholds and flags. */
export function analyseItemCounts(items: ItemCounts[], opts: ItemAnalysisOptions = {}): ItemStats[] {
  const minAttempts = opts.minAttempts ?? DEFAULT_MIN_ATTEMPTS;
  const groupFraction = opts.groupFraction ?? DEFAULT_GROUP_FRACTION;
  assertGroupFraction(groupFraction);
  if (!Number.isFinite(minAttempts) || minAttempts < 0) throw new RangeError(`minAttempts must be a non-negative number, got ${minAttempts}`);
  return items.map((item) => {
    const isChoiceItem = item.kind === "MULTIPLE_CHOICE" || item.choices !== undefined;
    return judgeItem(
      { ...item, ...(isChoiceItem ? { choiceStats: choiceStatsFromPicks({ ...item, attempts: item.attempts }) } : {}) },
      minAttempts,
      groupFraction,
    );
  });
}

type CountedItem = Omit<ItemCounts, "picks"> & { choiceStats?: ChoiceStats[] };

function judgeItem(item: CountedItem, minAttempts: number, groupFraction: number): ItemStats {
  const choices = item.choiceStats;
  const base = {
    questionId: item.questionId,
    attempts: item.attempts,
    lapseRate: item.laterReviews > 0 ? item.laterLapses / item.laterReviews : null,
    meanDifficulty: item.meanDifficulty,
    ...(choices !== undefined ? { choices } : {}),
  };

  if (item.attempts < minAttempts) {
    return {
      ...base,
      facility: null,
      discrimination: null,
      pointBiserial: null,
      flags: [
        {
          code: "too-few-attempts",
          severity: "info",
          message: `Only ${plural(item.attempts, "learner has", "learners have")} answered this question so far; statistics are shown once ${minAttempts} have.`,
        },
      ],
    };
  }

  const p = item.attempts > 0 ? item.correct / item.attempts : null;
  const d = item.discrimination;
  const r = item.pointBiserial;
  const right = item.correct;

  const flags: ItemFlag[] = [];
  if (d !== null && d < 0) {
    const pct = `${Math.round(groupFraction * 100)}%`;
    flags.push({
      code: "negative-discrimination",
      severity: "warning",
      message: `Negative discrimination (D = ${d.toFixed(2)}): learners in the bottom ${pct} of the cohort answered this question correctly more often than those in the top ${pct}. Check the answer key and look for wording that misleads strong learners.`,
    });
  }
  if (item.kind === "MULTIPLE_CHOICE" && choices !== undefined) flags.push(...distractorFlags(choices));
  if (p !== null && p < NEAR_ZERO_FACILITY) {
    flags.push({
      code: "near-zero-facility",
      severity: "warning",
      message: `Near-zero facility: only ${percentDown(p)} of learners (${right} of ${item.attempts}) answered correctly on their first attempt. Check the answer key, and whether the lessons cover this question.`,
    });
  }
  if (p !== null && p > CEILING_FACILITY) {
    flags.push({
      code: "ceiling",
      severity: "info",
      message: `For information: ${percentUp(p)} of learners (${right} of ${item.attempts}) answered correctly on their first attempt, so the question hardly tells strong and weak learners apart. That is fine for a warm-up question.`,
    });
  }

  return { ...base, facility: p, discrimination: d, pointBiserial: r, flags };
}

function distractorFlags(choices: readonly ChoiceStats[]): ItemFlag[] {
  const keys = choices.filter((c) => c.correct);
  if (keys.length === 0) return [];
  // The most picked correct choice (the first in display order on a tie): a distractor must beat it.
  const topKey = keys.reduce((best, c) => (c.picks > best.picks ? c : best));
  return choices
    .filter((c) => !c.correct && c.picks > topKey.picks)
    .map((c) => ({
      code: "distractor-beats-key" as const,
      severity: "warning" as const,
      message:
        keys.length === 1
          ? `The wrong answer “${c.label}” was picked by ${plural(c.picks, "learner")} on their first attempt, more than the correct answer “${topKey.label}” (${plural(topKey.picks, "learner")}). Check that the key is right and that the question is not misleading.`
          : `The wrong answer “${c.label}” was picked by ${plural(c.picks, "learner")} on their first attempt, more than any correct answer (the most picked, “${topKey.label}”, by ${plural(topKey.picks, "learner")}). Check that the key is right and that the question is not misleading.`,
    }));
}

// ---------------------------------------------------------------------------------------------------
// Helpers

function firstAttemptPerUser(attempts: readonly ItemAttempt[]): ItemAttempt[] {
  const seen = new Set<string>();
  const out: ItemAttempt[] = [];
  for (const attempt of attempts) {
    if (seen.has(attempt.userId)) continue;
    seen.add(attempt.userId);
    out.push(attempt);
  }
  return out;
}

function assertGroupFraction(groupFraction: number): void {
  if (!(groupFraction > 0 && groupFraction <= 0.5)) throw new RangeError(`groupFraction must be in (0, 0.5], got ${groupFraction}`);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// Rounded towards the threshold's safe side, so a share just under 20% never reads "20%" and one just
// over 95% never reads "95%". The epsilon absorbs binary noise (0.29 · 100 = 28.999…).
function percentDown(share: number): string {
  return `${Math.floor(share * 100 + 1e-9)}%`;
}

function percentUp(share: number): string {
  return `${Math.ceil(share * 100 - 1e-9)}%`;
}
