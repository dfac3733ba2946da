// Everything the learner's dashboard shows: one function per panel (dashboard-panels.ts, one query
// each, run together), composed here with the pure arithmetic of lib/analytics (streaks, windows,
// buckets, calendar). Answers are counted from the LearnerDay rollup, on the learning day each answer
// was stamped with when it was recorded (a later change of zone does not move past days); cards are
// read as they are now. The cost follows days and cards, not the length of the history.
import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { addDaysToDayString, endOfLearningDay, learningDay, resolveDayOptions, type DayOptions } from "@/lib/srs/day";
import type { ForecastDay } from "@/lib/analytics/forecast";
import { heatmapLayout, HEATMAP_DAYS, type HeatmapLayout } from "@/lib/analytics/heatmap";
import { retentionByGroup, retentionWindows, RETENTION_WINDOWS_DAYS, type RetentionDay, type RetentionWindow } from "@/lib/analytics/retention";
import { computeStreak, type Streak } from "@/lib/analytics/streak";
import {
  readActivity,
  readCardCounts,
  readCourses,
  readForecast,
  readRecentSessions,
  readStudyDays,
  readTopicMemory,
  type ActivityRow,
  type CardCounts,
  type CourseRow,
  type SessionSummary,
  type TopicMemory,
} from "./dashboard-panels";

export { MATURE_INTERVAL_DAYS, RECENT_SESSIONS, type SessionSummary, type TopicMemory } from "./dashboard-panels";
export const COURSE_RETENTION_WINDOW_DAYS = 30;

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
  actor: Actor;
  now?: Date;
}


function todaySummary(cards: CardCounts[], activity: ActivityRow[], today: string): TodaySummary {
  const sum = (key: "dueNow" | "dueLaterToday" | "inLearning") => cards.reduce((s, r) => s + r[key], 0);
  const nextDues = cards.map((r) => r.nextDue).filter((d): d is Date => d !== null);
  const todays = activity.filter((r) => r.day === today);
  return {
    dueNow: sum("dueNow"),
    dueLaterToday: sum("dueLaterToday"),
    inLearning: sum("inLearning"),
    reviewsToday: todays.reduce((s, r) => s + r.answers, 0),
    newCardsToday: todays.reduce((s, r) => s + r.newCards, 0),
    nextDue: nextDues.length > 0 ? new Date(Math.min(...nextDues.map((d) => d.getTime()))) : null,
  };
}

/** Answers per day over the year, whatever the course. */
function heatmapPanel(activity: ActivityRow[], today: string): HeatmapLayout {
  const perDay = new Map<string, number>();
  for (const r of activity) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.answers);
  return heatmapLayout({ counts: [...perDay].map(([day, count]) => ({ day, count })), today, days: HEATMAP_DAYS });
}

function retentionPanel(activity: ActivityRow[], today: string, courseTitles: Map<string, string>): Dashboard["retention"] {
  const first = addDaysToDayString(today, 1 - Math.max(...RETENTION_WINDOWS_DAYS));
  const rows: RetentionDay[] = activity.filter((r) => r.day >= first).map((r) => ({ day: r.day, reviews: r.reviews, correct: r.correct, group: r.courseId }));
  const byCourse = [...retentionByGroup({ rows, today, windowDays: COURSE_RETENTION_WINDOW_DAYS })]
    .filter(([, window]) => window.reviews > 0)
    .map(([courseId, window]) => ({ courseId, title: courseTitles.get(courseId) ?? courseId, window }))
    .sort((a, b) => a.title.localeCompare(b.title));
  return { windows: retentionWindows({ rows, today }), byCourse };
}

/** The courses the learner studies (started a lesson or has a card in), with their card counts. */
function coursesPanel(courseRows: CourseRow[], cards: CardCounts[]): CourseProgress[] {
  const cardsByCourse = new Map(cards.map((r) => [r.courseId, r]));
  return courseRows
    .filter((c) => c.started > 0 || cardsByCourse.has(c.id))
    .map((c) => {
      const counts = cardsByCourse.get(c.id);
      return {
        courseId: c.id,
        title: c.title,
        lessonsTotal: c.lessons,
        lessonsStarted: c.started,
        lessonsRead: c.read,
        questionsTotal: c.questions,
        questionsMet: counts?.cards ?? 0,
        cards: { new: counts?.new ?? 0, learning: counts?.learning ?? 0, young: counts?.young ?? 0, mature: counts?.mature ?? 0 },
        leeches: counts?.leeches ?? 0,
        dueNow: counts?.dueNow ?? 0,
        nextLesson: c.nextLessonId ? { id: c.nextLessonId, title: c.nextLessonTitle ?? c.nextLessonId } : null,
      };
    });
}

export async function getDashboard({ db, actor, now = new Date() }: GetDashboardOptions): Promise<Dashboard> {
  // The account check reads the settings the dashboard needs.
  const user = await requireActiveUser({ db, actor });
  const userId = user.id;
  const day: DayOptions = resolveDayOptions(user);
  const today = learningDay(now, day);
  const fsrsParams = Array.isArray(user.fsrsParams) ? (user.fsrsParams as number[]) : null;
  const panel = { db, userId };

  const [cards, forecast, studyDays, activity, topics, courseRows, sessions] = await Promise.all([
    readCardCounts({ ...panel, now, tomorrowStart: endOfLearningDay(now, day) }),
    readForecast({ ...panel, day, today }),
    readStudyDays(panel),
    readActivity({ ...panel, first: addDaysToDayString(today, 1 - HEATMAP_DAYS), last: today }),
    readTopicMemory({ ...panel, now, fsrsParams }),
    readCourses(panel),
    readRecentSessions(panel),
  ]);

  const courses = coursesPanel(courseRows, cards);
  const nextLessons = courses.flatMap((c) =>
    c.nextLesson ? [{ courseId: c.courseId, courseTitle: c.title, lessonId: c.nextLesson.id, lessonTitle: c.nextLesson.title }] : [],
  );
  const first = courseRows.find((c) => c.nextLessonId !== null);
  const firstLesson = first ? { courseId: first.id, courseTitle: first.title, lessonId: first.nextLessonId!, lessonTitle: first.nextLessonTitle! } : null;

  return {
    now,
    today,
    timezone: day.timezone,
    dayStartHour: day.dayStartHour,
    desiredRetention: user.desiredRetention,
    isEmpty: cards.length === 0 && studyDays.length === 0 && courseRows.every((c) => c.started === 0),
    todaySummary: todaySummary(cards, activity, today),
    nextLessons,
    firstLesson,
    streak: computeStreak({ days: studyDays, now, ...day }),
    heatmap: heatmapPanel(activity, today),
    forecast,
    retention: retentionPanel(activity, today, new Map(courseRows.map((c) => [c.id, c.title]))),
    topics,
    courses,
    sessions,
  };
}
