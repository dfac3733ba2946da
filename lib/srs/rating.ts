// The four grades, on their own (no ts-fsrs here), so the browser can import them with the rules
// that use them without bundling the scheduler.

/** Again, Hard, Good, Easy. */
export type Rating = 1 | 2 | 3 | 4;
export const RATINGS: readonly Rating[] = [1, 2, 3, 4];
