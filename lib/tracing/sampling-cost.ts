// The sampling cost model: what a head rate and tail policies do to spans, bytes and collector load.
// Pure: used by the calculator widget and its tests.

export interface SamplingInputs {
  requestsPerSecond: number;
  spansPerRequest: number;
  bytesPerSpan: number;
  /** Head sampling probability, 0–1, decided at the root. */
  headRate: number;
  /** Tail policies over the traces that survive head sampling (shares and keep rates, 0–1). */
  tail: { errorShare: number; errorKeep: number; slowShare: number; slowKeep: number; baseKeep: number };
  decisionWaitSeconds: number;
}

export interface SamplingCost {
  spansPerDayProduced: number;
  spansPerDayIntoCollector: number;
  spansPerDayStored: number;
  bytesPerDayIntoCollector: number;
  bytesPerDayStored: number;
  collectorSpansPerSecond: number;
  tracesBufferedInTailSampler: number;
  keptFraction: number;
}

const SECONDS_PER_DAY = 86_400;

/**
 * Error and slow traces are treated as disjoint shares (a slow error counts once, as an error): a
 * simplification that errs towards keeping less, and keeps the arithmetic readable.
 */
export function samplingCost(i: SamplingInputs): SamplingCost {
  const produced = i.requestsPerSecond * i.spansPerRequest * SECONDS_PER_DAY;
  const intoCollector = produced * i.headRate;
  const other = Math.max(0, 1 - i.tail.errorShare - i.tail.slowShare);
  const tailKeep = i.tail.errorShare * i.tail.errorKeep + i.tail.slowShare * i.tail.slowKeep + other * i.tail.baseKeep;
  const stored = intoCollector * tailKeep;
  return {
    spansPerDayProduced: produced,
    spansPerDayIntoCollector: intoCollector,
    spansPerDayStored: stored,
    bytesPerDayIntoCollector: intoCollector * i.bytesPerSpan,
    bytesPerDayStored: stored * i.bytesPerSpan,
    collectorSpansPerSecond: intoCollector / SECONDS_PER_DAY,
    tracesBufferedInTailSampler: i.requestsPerSecond * i.headRate * i.decisionWaitSeconds,
    keptFraction: produced ? stored / produced : 0,
  };
}
