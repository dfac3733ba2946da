import { hashString, mulberry32 } from "@/lib/srs/random";

/**
 * The choices in an order that is random but stable for a seed (the caller passes
 * "<learner id>:<question id>"), so a learner sees the same order on every visit while the correct
 * answer is not always in the author's position. Returns a new array.
 */
export function shuffleChoices<T>(choices: readonly T[], seed: string): T[] {
  const random = mulberry32(hashString(seed));
  const out = [...choices];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
