// What every catalog query selects of a course and of a lesson, so the course page, the catalog and
// the lesson page describe them alike.

/** Only what is live: retired courses, lessons and questions stay in the database for history. */
export const LIVE = { retiredAt: null } as const;

export const COURSE_SUMMARY_SELECT = { id: true, title: true, description: true } as const;

export const LESSON_SUMMARY_SELECT = {
  id: true,
  title: true,
  level: true,
  summary: true,
  readingMinutes: true,
  topics: { select: { topic: { select: { id: true, title: true } } } },
} as const;
