// Everything the learner's dashboard shows, in a fixed number of queries whatever the size of the
// history. Every figure over the review log is aggregated in PostgreSQL by learning day (the
// learner's time zone, shifted by their day-start hour); the logs never come to JavaScript. The
// pure arithmetic on those aggregates (streaks, windows, buckets, calendar) is lib/analytics.
//
// Cost: logs are read through the (userId, reviewedAt) index, each at most once per query. Counts per
// day put each log in its day by binary search over day boundaries computed here (lib/srs/day,
// DST-exact), cheaper than converting every timestamp to a local day; the streak's list of study
// days, which spans the whole history, is a skip scan that probes the index once per active day.
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { addDaysToDayString, endOfLearningDay, learningDay, resolveDayOptions, startOfDayString, type DayOptions } from "@/lib/srs/day";
import { bucketForecast, FORECAST_DAYS, type ForecastDay } from "@/lib/analytics/forecast";
import { heatmapLayout, HEATMAP_DAYS, type HeatmapLayout } from "@/lib/analytics/heatmap";
import { forgettingCurve } from "@/lib/analytics/memory";
import { localDay, ts, utcTimestamp } from "@/lib/db/sql";
import { retentionByGroup, retentionWindows, RETENTION_WINDOWS_DAYS, type RetentionDay, type RetentionWindow } from "@/lib/analytics/retention";
import { computeStreak, type Streak } from "@/lib/analytics/streak";

/** A review card whose interval reached this many days is "mature", as Anki counts it. */
export const MATURE_INTERVAL_DAYS = 21;
export const COURSE_RETENTION_WINDOW_DAYS = 30;
export const RECENT_SESSIONS = 10;
/** Sessions are looked for among this many most recent answers (a bounded index scan). */
const SESSION_SCAN_LIMIT = 2000;

export interface LessonLink {
  courseId: string;
  courseTitle: string;
  lessonId: string;
  lessonTitle: string;
}

export interface TodaySummary {
  /** Due now (not suspended, live questions): what "Start review" opens. */
  dueNow: number;
  /** Coming due after now and before the next learning day begins. */
  dueLaterToday: number;
  /** Cards in (re)learning steps. */
  inLearning: number;
  reviewsToday: number;
  newCardsToday: number;
  /** The next card to come due after now, if any. */
  nextDue: Date | null;
}

export interface CourseProgress {
  courseId: string;
  title: string;
  lessonsTotal: number;
  lessonsStarted: number;
  lessonsRead: number;
  questionsTotal: number;
  /** Questions the learner has a card for. */
  questionsMet: number;
  cards: { new: number; learning: number; young: number; mature: number };
  leeches: number;
  dueNow: number;
  /** First lesson in course order not yet marked read; null when every lesson is read. */
  nextLesson: { id: string; title: string } | null;
}

export interface TopicMemory {
  topicId: string;
  title: string;
  cards: number;
  dueNow: number;
  /** Mean probability of recall now over the topic's reviewed cards; null if none is reviewed yet. */
  retrievability: number | null;
}

export interface SessionSummary {
  sessionId: string;
  /** Learning day the session happened on. */
  day: string;
  startedAt: Date;
  endedAt: Date;
  reviews: number;
  correct: number;
  newCards: number;
  durationMs: number;
  /** "lesson" when answered while reading, else "review". */
  kind: "lesson" | "review";
  lessonTitles: string[];
}

export interface Dashboard {
  now: Date;
  today: string;
  timezone: string;
  dayStartHour: number;
  desiredRetention: number;
  /** Nothing yet: no card, no answer, no lesson started. */
  isEmpty: boolean;
  todaySummary: TodaySummary;
  /** Next lesson per course the learner studies (started a lesson or has a card in). */
  nextLessons: LessonLink[];
  /** The first lesson of the first course, for a learner who has not started. */
  firstLesson: LessonLink | null;
  streak: Streak;
  heatmap: HeatmapLayout;
  forecast: ForecastDay[];
  retention: { windows: RetentionWindow[]; byCourse: { courseId: string; title: string; window: RetentionWindow }[] };
  /** Weakest first. */
  topics: TopicMemory[];
  /** Courses the learner studies, in catalogue order. */
  courses: CourseProgress[];
  sessions: SessionSummary[];
}

export interface GetDashboardOptions {
  db: Db;
  userId: string;
  now?: Date;
}


/**
 * The last `count` learning days up to today and the instants they begin, plus the end of today:
 * `bounds[i]` starts `days[i]`, as UTC timestamps without zone (how the columns store them), for
 * `width_bucket`, which puts a log in day i + 1 by binary search.
 */
function dayRanges(today: string, count: number, day: DayOptions): { days: string[]; bounds: string[]; first: string; end: string } {
  const days = Array.from({ length: count }, (_, i) => addDaysToDayString(today, i - count + 1));
  const bounds = [...days, addDaysToDayString(today, 1)].map((d) => utcTimestamp(startOfDayString(d, day)));
  return { days, bounds, first: bounds[0]!, end: bounds[count]! };
}

type CardRow = {
  courseId: string;
  cards: number;
  new: number;
  learning: number;
  young: number;
  mature: number;
  leeches: number;
  dueNow: number;
  dueLaterToday: number;
  inLearning: number;
  nextDue: Date | null;
};

type CourseRow = {
  id: string;
  title: string;
  lessons: number;
  started: number;
  read: number;
  questions: number;
  nextLessonId: string | null;
  nextLessonTitle: string | null;
};

type SessionRow = Omit<SessionSummary, "kind"> & { lesson: boolean };

export async function getDashboard({ db, userId, now = new Date() }: GetDashboardOptions): Promise<Dashboard> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timezone: true, dayStartHour: true, desiredRetention: true, fsrsParams: true } });
  if (!user) throw new AppError("NOT_FOUND", "No such learner.");
  const day: DayOptions = resolveDayOptions(user);
  const today = learningDay(now, day);
  const tomorrowStart = endOfLearningDay(now, day);
  const forecastEnd = startOfDayString(addDaysToDayString(today, FORECAST_DAYS), day);
  const year = dayRanges(today, HEATMAP_DAYS, day);
  const quarter = dayRanges(today, Math.max(...RETENTION_WINDOWS_DAYS), day);
  const curve = forgettingCurve(Array.isArray(user.fsrsParams) ? (user.fsrsParams as number[]) : null);
  const uid = Prisma.sql`${userId}::uuid`;
  const nowSql = ts(now);

  const [cardRows, forecastRows, studyDayRows, yearBuckets, retentionBuckets, topicRows, courseRows, sessionRows] = await Promise.all([
    db.$queryRaw<CardRow[]>`
      SELECT l."courseId" AS "courseId",
             count(*)::int AS cards,
             count(*) FILTER (WHERE c.state = 'NEW')::int AS "new",
             count(*) FILTER (WHERE c.state IN ('LEARNING', 'RELEARNING'))::int AS learning,
             count(*) FILTER (WHERE c.state = 'REVIEW' AND c."scheduledDays" < ${MATURE_INTERVAL_DAYS})::int AS young,
             count(*) FILTER (WHERE c.state = 'REVIEW' AND c."scheduledDays" >= ${MATURE_INTERVAL_DAYS})::int AS mature,
             count(*) FILTER (WHERE c.leech)::int AS leeches,
             count(*) FILTER (WHERE NOT c.suspended AND c.due <= ${nowSql})::int AS "dueNow",
             count(*) FILTER (WHERE NOT c.suspended AND c.due > ${nowSql} AND c.due < ${ts(tomorrowStart)})::int AS "dueLaterToday",
             count(*) FILTER (WHERE NOT c.suspended AND c.state IN ('LEARNING', 'RELEARNING'))::int AS "inLearning",
             min(c.due) FILTER (WHERE NOT c.suspended AND c.due > ${nowSql}) AS "nextDue"
      FROM "Card" c
      JOIN "Question" q ON q.id = c."questionId"
      JOIN "Lesson" l ON l.id = q."lessonId"
      WHERE c."userId" = ${uid} AND q."retiredAt" IS NULL
      GROUP BY l."courseId"`,
    db.$queryRaw<{ day: string; count: number }[]>`
      SELECT ${localDay(Prisma.sql`c.due`, day)} AS day, count(*)::int AS count
      FROM "Card" c
      JOIN "Question" q ON q.id = c."questionId"
      WHERE c."userId" = ${uid} AND NOT c.suspended AND q."retiredAt" IS NULL AND c.due < ${ts(forecastEnd)}
      GROUP BY 1`,
    // Every learning day with a review, ever (for the longest streak): from the first review, jump to
    // the first review at or after the next day's start. The next start is local midnight plus the
    // day-start hour, converted back to UTC; "> d.t" guarantees progress whatever DST does.
    db.$queryRaw<{ day: string }[]>`
      WITH RECURSIVE d(t) AS (
        SELECT min("reviewedAt") FROM "ReviewLog" WHERE "userId" = ${uid}
        UNION ALL
        SELECT (
          SELECT min("reviewedAt") FROM "ReviewLog"
          WHERE "userId" = ${uid} AND "reviewedAt" > d.t
            AND "reviewedAt" >= ((date_trunc('day', ((d.t AT TIME ZONE 'UTC') AT TIME ZONE ${day.timezone}) - make_interval(hours => ${day.dayStartHour}::int))
                                  + make_interval(days => 1, hours => ${day.dayStartHour}::int)) AT TIME ZONE ${day.timezone}) AT TIME ZONE 'UTC'
        )
        FROM d WHERE d.t IS NOT NULL
      )
      SELECT DISTINCT ${localDay(Prisma.sql`t`, day)} AS day FROM d WHERE t IS NOT NULL`,
    db.$queryRaw<{ bucket: number; reviews: number }[]>`
      SELECT width_bucket(r."reviewedAt", (SELECT ${year.bounds}::timestamp[])) AS bucket, count(*)::int AS reviews
      FROM "ReviewLog" r
      WHERE r."userId" = ${uid} AND r."reviewedAt" >= ${year.first}::timestamp AND r."reviewedAt" < ${year.end}::timestamp
      GROUP BY 1`,
    db.$queryRaw<{ bucket: number; courseId: string; reviews: number; correct: number; newCards: number }[]>`
      SELECT width_bucket(r."reviewedAt", (SELECT ${quarter.bounds}::timestamp[])) AS bucket, l."courseId" AS "courseId",
             count(*) FILTER (WHERE r."stateBefore" = 'REVIEW')::int AS reviews,
             count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.correct)::int AS correct,
             count(*) FILTER (WHERE r."stateBefore" = 'NEW')::int AS "newCards"
      FROM "ReviewLog" r
      JOIN "Question" q ON q.id = r."questionId"
      JOIN "Lesson" l ON l.id = q."lessonId"
      WHERE r."userId" = ${uid} AND r."reviewedAt" >= ${quarter.first}::timestamp AND r."reviewedAt" < ${quarter.end}::timestamp
      GROUP BY 1, 2`,
    // A card counts for a topic through its question's topics or its lesson's, as /review?topic= does.
    db.$queryRaw<TopicMemory[]>`
      WITH live AS (
        SELECT c."questionId", q."lessonId", c.state, c.stability, c."lastReview", c.due, c.suspended
        FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
        WHERE c."userId" = ${uid} AND q."retiredAt" IS NULL
      ), card_topic AS (
        SELECT live.*, qt."topicId" FROM live JOIN "QuestionTopic" qt ON qt."questionId" = live."questionId"
        UNION
        SELECT live.*, lt."topicId" FROM live JOIN "LessonTopic" lt ON lt."lessonId" = live."lessonId"
      )
      SELECT t.id AS "topicId", t.title,
             count(*)::int AS cards,
             count(*) FILTER (WHERE NOT ct.suspended AND ct.due <= ${nowSql})::int AS "dueNow",
             avg(power(1 + ${curve.factor}::float8 * greatest(0, extract(epoch FROM (${nowSql} - ct."lastReview")) / 86400.0) / ct.stability, ${curve.decay}::float8))
               FILTER (WHERE ct.state <> 'NEW' AND ct."lastReview" IS NOT NULL AND ct.stability > 0) AS retrievability
      FROM card_topic ct JOIN "Topic" t ON t.id = ct."topicId"
      GROUP BY t.id, t.title
      ORDER BY retrievability ASC NULLS LAST, t.title`,
    db.$queryRaw<CourseRow[]>`
      SELECT co.id, co.title, les.lessons, les.started, les.read, qs.questions,
             nx.id AS "nextLessonId", nx.title AS "nextLessonTitle"
      FROM "Course" co
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS lessons, count(p."lessonId")::int AS started, count(p."completedAt")::int AS read
        FROM "Lesson" l LEFT JOIN "LessonProgress" p ON p."lessonId" = l.id AND p."userId" = ${uid}
        WHERE l."courseId" = co.id AND l."retiredAt" IS NULL
      ) les
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS questions
        FROM "Question" q JOIN "Lesson" l ON l.id = q."lessonId"
        WHERE l."courseId" = co.id AND l."retiredAt" IS NULL AND q."retiredAt" IS NULL
      ) qs
      LEFT JOIN LATERAL (
        SELECT l.id, l.title
        FROM "Lesson" l LEFT JOIN "LessonProgress" p ON p."lessonId" = l.id AND p."userId" = ${uid}
        WHERE l."courseId" = co.id AND l."retiredAt" IS NULL AND p."completedAt" IS NULL
        ORDER BY l.position, l.id
        LIMIT 1
      ) nx ON true
      WHERE co."retiredAt" IS NULL
      ORDER BY co.position, co.title`,
    // The last sessions: found among the most recent answers (index scan on userId, reviewedAt), then
    // summed in full. A lesson's answers share one session id across visits, so a session is also
    // split by learning day; a day lasts at most 25 hours, hence the lower bound.
    db.$queryRaw<SessionRow[]>`
      WITH latest AS (
        SELECT "sessionId", "reviewedAt" FROM "ReviewLog" WHERE "userId" = ${uid} ORDER BY "reviewedAt" DESC LIMIT ${SESSION_SCAN_LIMIT}
      ), recent AS (
        SELECT "sessionId", ${localDay(Prisma.sql`"reviewedAt"`, day)} AS day, max("reviewedAt") AS last
        FROM latest GROUP BY 1, 2 ORDER BY last DESC LIMIT ${RECENT_SESSIONS}
      )
      SELECT r."sessionId" AS "sessionId", recent.day,
             min(r."reviewedAt") AS "startedAt", max(r."reviewedAt") AS "endedAt",
             count(*)::int AS reviews,
             count(*) FILTER (WHERE r.correct)::int AS correct,
             count(*) FILTER (WHERE r."stateBefore" = 'NEW')::int AS "newCards",
             sum(r."durationMs")::float8 AS "durationMs",
             bool_or(r.source = 'lesson') AS lesson,
             array_agg(DISTINCT l.title) AS "lessonTitles"
      FROM "ReviewLog" r
      JOIN recent ON recent."sessionId" = r."sessionId" AND recent.day = ${localDay(Prisma.sql`r."reviewedAt"`, day)}
      JOIN "Question" q ON q.id = r."questionId"
      JOIN "Lesson" l ON l.id = q."lessonId"
      WHERE r."userId" = ${uid} AND r."reviewedAt" >= (SELECT min(last) FROM recent) - interval '26 hours'
      GROUP BY r."sessionId", recent.day
      ORDER BY "endedAt" DESC`,
  ]);

  const yearRows = yearBuckets.map(({ bucket, reviews }) => ({ day: year.days[bucket - 1]!, reviews }));
  const retentionRows = retentionBuckets.map(({ bucket, ...row }) => ({ ...row, day: quarter.days[bucket - 1]! }));
  const cardsByCourse = new Map(cardRows.map((r) => [r.courseId, r]));
  const sum = (key: keyof Omit<CardRow, "courseId" | "nextDue">) => cardRows.reduce((s, r) => s + r[key], 0);
  const nextDues = cardRows.map((r) => r.nextDue).filter((d): d is Date => d !== null);
  const todayRetention = retentionRows.filter((r) => r.day === today);
  const todaySummary: TodaySummary = {
    dueNow: sum("dueNow"),
    dueLaterToday: sum("dueLaterToday"),
    inLearning: sum("inLearning"),
    reviewsToday: yearRows.find((r) => r.day === today)?.reviews ?? 0,
    newCardsToday: todayRetention.reduce((s, r) => s + r.newCards, 0),
    nextDue: nextDues.length > 0 ? new Date(Math.min(...nextDues.map((d) => d.getTime()))) : null,
  };

  const courseTitles = new Map(courseRows.map((c) => [c.id, c.title]));
  const courses: CourseProgress[] = courseRows
    .filter((c) => c.started > 0 || cardsByCourse.has(c.id))
    .map((c) => {
      const cards = cardsByCourse.get(c.id);
      return {
        courseId: c.id,
        title: c.title,
        lessonsTotal: c.lessons,
        lessonsStarted: c.started,
        lessonsRead: c.read,
        questionsTotal: c.questions,
        questionsMet: cards?.cards ?? 0,
        cards: { new: cards?.new ?? 0, learning: cards?.learning ?? 0, young: cards?.young ?? 0, mature: cards?.mature ?? 0 },
        leeches: cards?.leeches ?? 0,
        dueNow: cards?.dueNow ?? 0,
        nextLesson: c.nextLessonId ? { id: c.nextLessonId, title: c.nextLessonTitle ?? c.nextLessonId } : null,
      };
    });
  const nextLessons = courses.flatMap((c) =>
    c.nextLesson ? [{ courseId: c.courseId, courseTitle: c.title, lessonId: c.nextLesson.id, lessonTitle: c.nextLesson.title }] : [],
  );
  const first = courseRows.find((c) => c.nextLessonId !== null);
  const firstLesson = first ? { courseId: first.id, courseTitle: first.title, lessonId: first.nextLessonId!, lessonTitle: first.nextLessonTitle! } : null;

  const retentionDays: RetentionDay[] = retentionRows.map((r) => ({ day: r.day, reviews: r.reviews, correct: r.correct, group: r.courseId }));
  const byCourse = [...retentionByGroup({ rows: retentionDays, today, windowDays: COURSE_RETENTION_WINDOW_DAYS })]
    .filter(([, window]) => window.reviews > 0)
    .map(([courseId, window]) => ({ courseId, title: courseTitles.get(courseId) ?? courseId, window }))
    .sort((a, b) => a.title.localeCompare(b.title));

  return {
    now,
    today,
    timezone: day.timezone,
    dayStartHour: day.dayStartHour,
    desiredRetention: user.desiredRetention,
    isEmpty: cardRows.length === 0 && studyDayRows.length === 0 && courseRows.every((c) => c.started === 0),
    todaySummary,
    nextLessons,
    firstLesson,
    streak: computeStreak({ days: studyDayRows.map((r) => r.day), now, ...day }),
    heatmap: heatmapLayout({ counts: yearRows.map((r) => ({ day: r.day, count: r.reviews })), today, days: HEATMAP_DAYS }),
    forecast: bucketForecast({ rows: forecastRows, today, days: FORECAST_DAYS }),
    retention: { windows: retentionWindows({ rows: retentionDays, today }), byCourse },
    topics: topicRows.map((t) => ({ ...t, retrievability: t.retrievability === null ? null : Number(t.retrievability) })),
    courses,
    sessions: sessionRows.map(({ lesson, ...s }) => ({ ...s, durationMs: Number(s.durationMs), kind: lesson ? "lesson" : "review" })),
  };
}
