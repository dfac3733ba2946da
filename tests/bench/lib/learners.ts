// Simulated learners for the scheduling and prediction benchmarks. Each population is a memory model
// the scheduler under test does NOT know: FSRS-6 with parameters drawn per learner from a wide spread,
// ACT-R's power-law memory with a spacing effect (not FSRS at all), and the forgetful and strong
// learners (FSRS-6 with scaled parameters). The scheduler starts from FSRS-6 defaults and only sees
// ratings, as in the app.
import { CLAMP_PARAMETERS, W17_W18_Ceiling } from "ts-fsrs";
import { hashString, mulberry32 } from "@/lib/srs/random";
import { DEFAULT_PARAMS, type Rating } from "@/lib/srs/scheduler";
import { fsrsMemory, type FsrsMemory, type MemoryModel } from "@/lib/srs/study-sim";

export interface Learner<M = unknown> {
  id: string;
  seed: number;
  memory: MemoryModel<M>;
  /** What the learner's memory is, for the doc and the JSON results. */
  describe: string;
}

export interface Population {
  name: string;
  /** One sentence for the table: what the memory is and where its parameters come from. */
  method: string;
  learners: Learner[];
}

function gaussian(random: () => number): number {
  // Box–Muller; 1 - u keeps log away from 0.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const BOUNDS = CLAMP_PARAMETERS(W17_W18_Ceiling, true);

function clampParams(w: number[]): number[] {
  return w.map((x, i) => Math.min(BOUNDS[i]![1], Math.max(BOUNDS[i]![0], x)));
}

/**
 * FSRS-6 parameters drawn around the defaults: each parameter multiplied by e^(σ·z), z standard normal,
 * then clamped to FSRS-6's bounds. σ = 0.6 for the initial stabilities w0–w3 (a factor of 3.3 either way
 * at 2σ), 0.35 for the rest: a wider spread than srs-benchmark's bootstrapped FSRS-6 parameters across
 * its ten thousand collections show for most parameters.
 */
export function spreadParams(random: () => number, base: readonly number[] = DEFAULT_PARAMS, { sigmaInitial = 0.6, sigmaRest = 0.35 } = {}): number[] {
  return clampParams(base.map((w, i) => w * Math.exp((i < 4 ? sigmaInitial : sigmaRest) * gaussian(random))));
}

function scaled(base: readonly number[], initial: number, growth: number): number[] {
  const w = [...base];
  for (let i = 0; i < 4; i++) w[i] = w[i]! * initial;
  w[8] = w[8]! * growth;
  return clampParams(w);
}

/** The forgetful learner of the earlier bench: initial stabilities halved, stability growth × 0.8. */
export const FORGETFUL_PARAMS = scaled(DEFAULT_PARAMS, 0.5, 0.8);
/** Its opposite: initial stabilities doubled, stability growth × 1.2. */
export const STRONG_PARAMS = scaled(DEFAULT_PARAMS, 2, 1.2);

// ── ACT-R ──────────────────────────────────────────────────────────────────────────────────────────
// Pavlik & Anderson (2005), "Practice and forgetting effects on vocabulary memory: an activation-based
// model of the spacing effect", Cognitive Science 29, as srs-benchmark implements it (models/act_r.py):
// activation m(t) = ln Σ_j (h · (t − t_j) in seconds)^(−d_j), with the decay of presentation j set by the
// activation at that moment, d_j = c·e^(m(t_j)) + a (massed practice decays faster: the spacing effect);
// recall probability 1 / (1 + e^((τ − m) / s)). Defaults a = 0.1768, c = 0.2170, s = 0.2549,
// τ = −0.7042, h = 0.025 (srs-benchmark's initial values). The grade does not change memory: only
// presentations do, which is the model's claim and not FSRS's.

export interface ActRParams {
  a: number;
  c: number;
  s: number;
  tau: number;
  h: number;
}

export const ACT_R_DEFAULTS: ActRParams = { a: 0.176786766570677, c: 0.216967308403809, s: 0.254893976981164, tau: -0.704205679427144, h: 0.025 };

export interface ActRMemory {
  timesMs: number[];
  decays: number[];
  /** Per-card threshold offset: some cards are harder than others. */
  tauOffset: number;
}

function activation(m: ActRMemory, atMs: number, h: number): number {
  let sum = 0;
  for (let j = 0; j < m.timesMs.length; j++) {
    const t = Math.max(1, ((atMs - m.timesMs[j]!) / 1000) * h);
    sum += Math.pow(t, -m.decays[j]!);
  }
  return sum > 0 ? Math.log(sum) : Number.NEGATIVE_INFINITY;
}

export function actRMemory(p: ActRParams, cardDifficulty: (cardIndex: number) => number): MemoryModel<ActRMemory> {
  return {
    recallProbability(m, atMs) {
      const act = activation(m, atMs, p.h);
      if (act === Number.NEGATIVE_INFINITY) return 0;
      return 1 / (1 + Math.exp((p.tau + m.tauOffset - act) / p.s));
    },
    afterReview(m, atMs, _rating: Rating, cardIndex) {
      const memory = m ?? { timesMs: [], decays: [], tauOffset: cardDifficulty(cardIndex) };
      const act = activation(memory, atMs, p.h);
      const decay = p.c * (act === Number.NEGATIVE_INFINITY ? 0 : Math.exp(act)) + p.a;
      return { timesMs: [...memory.timesMs, atMs], decays: [...memory.decays, decay], tauOffset: memory.tauOffset };
    },
  };
}

// ── Populations ────────────────────────────────────────────────────────────────────────────────────

function fsrsLearner(id: string, seed: number, params: readonly number[]): Learner<FsrsMemory> {
  return { id, seed, memory: fsrsMemory(params), describe: `FSRS-6 w = [${params.map((x) => x.toFixed(3)).join(", ")}]` };
}

export function populations(learnersPerPopulation: number): Population[] {
  const make = (name: string, build: (i: number, random: () => number) => Learner): Learner[] =>
    Array.from({ length: learnersPerPopulation }, (_, i) => build(i, mulberry32(hashString(`${name}:${i}`))));
  return [
    {
      name: "FSRS-6, spread",
      method: "FSRS-6 memory, parameters drawn per learner: each default × e^(σz), σ 0.6 for w0–w3 and 0.35 for the rest, clamped",
      learners: make("spread", (i, r) => fsrsLearner(`spread-${i}`, hashString(`spread-seed:${i}`), spreadParams(r))),
    },
    {
      name: "ACT-R",
      method: "ACT-R power-law decay with the spacing effect (Pavlik & Anderson 2005; srs-benchmark's initial values), τ and a per learner ± 15%, card τ offset N(0, 0.25)",
      learners: make("act-r", (i, r) => {
        const p: ActRParams = {
          ...ACT_R_DEFAULTS,
          a: ACT_R_DEFAULTS.a * (1 + 0.15 * gaussian(r)),
          tau: ACT_R_DEFAULTS.tau * (1 + 0.15 * gaussian(r)),
        };
        const cardRandom = (card: number) => 0.25 * gaussian(mulberry32(hashString(`act-r:${i}:card:${card}`)));
        return { id: `act-r-${i}`, seed: hashString(`act-r-seed:${i}`), memory: actRMemory(p, cardRandom) as MemoryModel<unknown>, describe: `ACT-R a=${p.a.toFixed(3)} τ=${p.tau.toFixed(3)}` };
      }),
    },
    {
      name: "Forgetful",
      method: "FSRS-6 memory, w0–w3 × 0.5 and w8 × 0.8, then each parameter × e^(0.1z)",
      learners: make("forgetful", (i, r) => fsrsLearner(`forgetful-${i}`, hashString(`forgetful-seed:${i}`), spreadParams(r, FORGETFUL_PARAMS, { sigmaInitial: 0.1, sigmaRest: 0.1 }))),
    },
    {
      name: "Strong",
      method: "FSRS-6 memory, w0–w3 × 2 and w8 × 1.2, then each parameter × e^(0.1z)",
      learners: make("strong", (i, r) => fsrsLearner(`strong-${i}`, hashString(`strong-seed:${i}`), spreadParams(r, STRONG_PARAMS, { sigmaInitial: 0.1, sigmaRest: 0.1 }))),
    },
  ];
}
