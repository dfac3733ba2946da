// The FSRS-6 forgetting curve in the form the database computes it: R(t, S) = (1 + F·t/S)^(−w20)
// with F = 0.9^(−1/w20) − 1, so that R(S, S) = 0.9. Matches ts-fsrs's `forgetting_curve`.
import { resolveParams } from "@/lib/srs/scheduler";

export interface ForgettingCurve {
  /** −w20 */
  decay: number;
  factor: number;
}

export function forgettingCurve(params?: readonly number[] | null): ForgettingCurve {
  const w20 = resolveParams(params)[20]!;
  const decay = -w20;
  return { decay, factor: Math.pow(0.9, 1 / decay) - 1 };
}
