// Authorization in the data layer, checked by running it. Learner A gets real data (answers, cards,
// review logs, a leech, settings, fitted parameters, a reschedule offer, lesson progress, cohort
// memberships, an answer sent from the offline queue); then every data function runs as learner B,
// with A's ids where it takes ids. It fails on any of A's rows coming back (A's ids in a result, or a
// result that differs from the one B got before A had any data) and on any of A's rows changing.
// It is exhaustive by construction: it lists every folder of lib/ and every function exported by the
// data folders, and fails on one that is neither run here nor in a commented allow-list.
import { randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/actor";
import { createPrismaWith, poolOf, type Db } from "@/lib/db/client";
import { recordPoolStatements } from "../helpers/pool-statements";
import { ANSWER_STATEMENTS } from "@/lib/reviews/answer-statements";
import { REVIEW_QUEUE_STATEMENTS } from "@/lib/reviews/queue-statement";
import { AppError } from "@/lib/errors";
import * as adminAudit from "@/lib/admin/audit";
import * as adminChangeRole from "@/lib/admin/change-role";
import * as adminListUsers from "@/lib/admin/list-users";
import * as adminSetDisabled from "@/lib/admin/set-account-disabled";
import * as contentHealth from "@/lib/authoring/content-health";
import * as exportCourseDeck from "@/lib/authoring/export-course-deck";
import * as authorOverview from "@/lib/authoring/get-author-overview";
import * as courseWorkload from "@/lib/authoring/get-course-workload";
import * as getCourse from "@/lib/catalog/get-course";
import * as getLesson from "@/lib/catalog/get-lesson";
import * as listCourses from "@/lib/catalog/list-courses";
import * as search from "@/lib/catalog/search";
import * as topics from "@/lib/catalog/topics";
import * as cohortAccess from "@/lib/cohorts/access";
import * as cohortDashboard from "@/lib/cohorts/dashboard";
import * as cohortExport from "@/lib/cohorts/export";
import * as cohortSettings from "@/lib/cohorts/get-cohort-settings";
import * as cohortItemDetail from "@/lib/cohorts/item-detail";
import * as cohortLearnerProgress from "@/lib/cohorts/learner-progress";
import * as cohortLearnerTopic from "@/lib/cohorts/learner-topic";
import * as cohortManage from "@/lib/cohorts/manage";
import * as membership from "@/lib/cohorts/membership";
import { NO_FILTERS } from "@/lib/cohorts/report-filters";
import * as adviseRetention from "@/lib/learners/advise-retention";
import * as changePassword from "@/lib/learners/change-password";
import * as checkCurrentPassword from "@/lib/learners/check-current-password";
import * as deleteAccount from "@/lib/learners/delete-account";
import * as exportAnkiDeck from "@/lib/learners/export-anki-deck";
import * as exportData from "@/lib/learners/export-data";
import * as fitParameters from "@/lib/learners/fit-parameters";
import * as getDashboard from "@/lib/learners/get-dashboard";
import * as rescheduleOffer from "@/lib/learners/get-reschedule-offer";
import * as trueRetention from "@/lib/learners/get-true-retention";
import * as recompute from "@/lib/learners/recompute-memory-states";
import * as rescheduleCards from "@/lib/learners/reschedule-cards";
import * as setDesiredRetention from "@/lib/learners/set-desired-retention";
import * as signOutEverywhere from "@/lib/learners/sign-out-everywhere";
import * as updateSettings from "@/lib/learners/update-settings";
import * as sendVerification from "@/lib/learners/send-email-verification";
import * as verifyEmail from "@/lib/learners/verify-email";
import * as reminderSettings from "@/lib/reminders/reminder-settings";
import * as reviewQueue from "@/lib/reviews/get-review-queue";
import * as answerEndpoint from "@/lib/reviews/answer-endpoint";
import * as gradeAnswer from "@/lib/reviews/grade-answer";
import * as lessonState from "@/lib/reviews/lesson-state";
import * as listLeeches from "@/lib/reviews/list-leeches";
import * as preview from "@/lib/reviews/preview";
import * as relearnLeech from "@/lib/reviews/relearn-leech";
import * as resolveFilter from "@/lib/reviews/resolve-review-filter";
import * as shiftTime from "@/lib/reviews/shift-time";
import * as undoReview from "@/lib/reviews/undo-review";
import { openApkg } from "../helpers/anki";
import { createCourse, createLesson, createQuestion, createTopic, createUser, disconnectTestDb, multipleChoicePayload, testDatabaseUrl, testDb } from "./helpers/db";
import { answerChoice } from "./helpers/answer";

afterAll(async () => {
  await capturingDb?.$disconnect();
  await disconnectTestDb();
});

/**
 * Folders of lib/ that hold no function reading or writing a learner's data for a session user. A new
 * folder fails the test until it is classified here or added to DATA_FOLDERS (and run below).
 */
const NOT_DATA_FOLDERS: Record<string, string> = {
  actions: "form-state helpers for server actions, no data",
  analytics: "pure math over rows the data functions already scoped (no I/O)",
  anki: "pure Anki package writing; the learner's export is lib/learners/export-anki-deck",
  auth: "the session, passwords and rate limits themselves (keyed by account or address, no session user yet)",
  content: "content files and their deploy-time sync (an operator's command, not a session user's)",
  db: "the client, migrations, backup: operator tools",
  demo: "the demo seed, run by the operator",
  email: "the outgoing mail queue, written by the functions that send mail",
  http: "request parsing helpers",
  offline: "pure helpers for the browser's offline queue; its answers go through lib/reviews/submit-review",
  quiz: "pure grading and shuffling",
  srs: "pure scheduling (now as a parameter, no I/O)",
  tracing: "pure trace helpers",
};
const NOT_DATA_FILES = new Set(["csv.ts", "env.ts", "errors.ts", "safe-redirect.ts", "text.ts"]);
const DATA_FOLDERS = ["admin", "authoring", "catalog", "cohorts", "learners", "reminders", "reviews"];

/**
 * Exported functions of the data folders that this test does not run as learner B, and why. Anything
 * exported there that is neither here nor run below fails the exhaustiveness test.
 */
const ALLOWED: Record<string, string> = {
  // Anonymous by nature: no session user exists yet.
  "learners/create-user.createUser": "sign-up creates a new account; no actor",
  "learners/request-password-reset.requestPasswordReset": "anonymous, by email address, rate-limited",
  "learners/request-password-reset.hashResetToken": "pure",
  "learners/reset-password.resetPassword": "anonymous, by a one-time token",
  "learners/verify-email.verifyEmail": "anonymous, by a one-time token from the mail",
  "reminders/unsubscribe.describeUnsubscribe": "anonymous, by the token in a reminder mail",
  "reminders/unsubscribe.unsubscribe": "anonymous, by the token in a reminder mail",
  // The server's reminder scheduler: a job over every opted-in learner, run by the server, no session.
  "reminders/schedule-reminders.scheduleReviewReminders": "server job, no session",
  "reminders/schedule-reminders.scheduleDigests": "server job, no session",
  "reminders/schedule-reminders.startReminderScheduler": "server job, no session",
  // Pure helpers and parsers.
  "learners/fit-parameters.isHeldOutReport": "pure type guard",
  "learners/get-reschedule-offer.parseOffer": "pure parser",
  "learners/schemas.isValidTimezone": "pure",
  "learners/schemas.fieldErrors": "pure",
  "learners/send-email-verification.hashVerificationToken": "pure",
  "learners/time-zones.timeZoneChoices": "pure",
  "reminders/schedule-reminders.hashUnsubscribeToken": "pure",
  "reminders/slots.reviewReminderSlot": "pure",
  "reminders/slots.isoWeek": "pure",
  "reminders/slots.digestSlot": "pure",
  "reminders/slots.estimateMinutes": "pure",
  "reminders/slots.parseClockTime": "pure",
  "reminders/slots.formatClockTime": "pure",
  "reviews/grade-answer.gradeResponse": "pure grading of a payload the caller loaded",
  "reviews/review-result.reviewResultJson": "pure formatting",
  "cohorts/access.isUuid": "pure",
  "cohorts/access.canRunCohorts": "pure role check",
  "cohorts/access.assertCanRunCohorts": "pure role check",
  "cohorts/codes.generateJoinCode": "pure",
  "cohorts/codes.normalizeJoinCode": "pure",
  "cohorts/dashboard.withReportDefaults": "pure: a report query with its defaults filled in",
  "cohorts/codes.formatJoinCode": "pure",
  "cohorts/report-filters.parseReportFilters": "pure",
  "cohorts/report-filters.reportQuery": "pure",
  "cohorts/report-filters.answerWindow": "pure",
  "cohorts/report-filters.sortLearners": "pure",
  "cohorts/report-filters.pageOf": "pure",
  "cohorts/report-filters.orderItems": "pure",
  "admin/access.assertAdmin": "pure role check",
  "admin/change-role.parseRole": "pure",
  // Steps of a cohort report, called only after requireCohort authorized the instructor (the reports
  // that use them are run below as learner B and refused).
  "cohorts/dashboard.cohortLearners": "step after requireCohort",
  "cohorts/dashboard.cohortQuestions": "step after requireCohort (content only)",
  // The dashboard's panels: steps of getDashboard, called with the id its account check returned
  // (getDashboard is run below as learner B, before and after A has data).
  "learners/dashboard-panels.readCardCounts": "step of getDashboard",
  "learners/dashboard-panels.readForecast": "step of getDashboard",
  "learners/dashboard-panels.readStudyDays": "step of getDashboard",
  "learners/dashboard-panels.readActivity": "step of getDashboard",
  "learners/dashboard-panels.readTopicMemory": "step of getDashboard",
  "learners/dashboard-panels.readCourses": "step of getDashboard",
  "learners/dashboard-panels.readRecentSessions": "step of getDashboard",
  // The rollups' operator command (npm run db:rollups -- --rebuild) and its checks: every learner, no session.
  "reviews/rollups.readLearnerDays": "operator command, no session",
  "reviews/rollups.readQuestionDays": "operator command, no session",
  "reviews/rollups.readLearnerSessions": "operator command, no session",
  "reviews/rollups.computeLearnerSessionsFromLog": "operator command, no session",
  "reviews/rollups.computeLearnerDaysFromLog": "operator command, no session",
  "reviews/rollups.computeQuestionDaysFromLog": "operator command, no session",
  "reviews/rollups.readCardSummaries": "operator command, no session",
  "reviews/rollups.computeCardSummariesFromLog": "operator command, no session",
  "reviews/rollups.rebuildRollups": "operator command, no session",
  "reviews/rollups.recountLearnerRollups": "a step of shiftLearnerTime (run here), which checks the actor",
  // Steps of admin functions inside their transaction, after requireAdminNow.
  "admin/access.lockAdmins": "step inside an admin transaction",
  "admin/access.requireAdminNow": "the admin check itself",
  "admin/access.otherActiveAdmins": "step inside an admin transaction",
  "admin/audit.recordAudit": "written by the admin and cohort functions that change things",
  // The operator's command line (npm run admin -- grant): whoever runs it owns the server.
  "admin/change-role.grantRole": "operator CLI, no session",
};

const NOW = new Date("2026-11-10T09:00:00Z");
const SITE = "http://127.0.0.1:3000";
const PASSWORD = "correct horse battery staple 42";
const MC = multipleChoicePayload(["right", true, "Right."], ["wrong", false, "Wrong."]);
const RIGHT = { kind: "MULTIPLE_CHOICE" as const, choiceIds: ["a"] };
const WRONG = { kind: "MULTIPLE_CHOICE" as const, choiceIds: ["b"] };

interface World {
  db: Db;
  courseId: string;
  lessonId: string;
  topicId: string;
  questionIds: string[];
  instructor: Actor;
  author: Actor;
  cohort1: { id: string; joinCode: string };
  cohort2: { id: string; joinCode: string };
  /** One A never joins: its preview shows how many learners it has, which A joining would change. */
  cohort3: { id: string; joinCode: string };
}

/** A's ids that B may pass in: before A has data, fresh uuids that name nothing. */
interface Targets {
  learnerId: string;
  leechCardId: string;
  leechVersion: number;
  reviewLogId: string;
}

type User = Awaited<ReturnType<typeof createUser>>;

let world: World;

async function answer(db: Db, actor: Actor, questionId: string, right: boolean, now: Date, sessionId = "s1") {
  return answerChoice({ db, user: actor, questionId, choice: right ? "a" : "b", now, sessionId, durationMs: 4000 });
}

/** Learner A's data, made through the app's own functions wherever one exists. */
async function seedLearnerA(): Promise<{ a: User; targets: Targets }> {
  const { db, questionIds, lessonId, cohort1, cohort2 } = world;
  const a = await createUser({ name: "Ada Secret", password: PASSWORD, timezone: "Asia/Kolkata", emailVerifiedAt: NOW });
  await reminderSettings.updateReminderSettings({ db, actor: a, input: { reminderEnabled: "on", reminderTime: "07:30" } });
  await updateSettings.updateSettings({ db, actor: a, now: NOW, input: { name: "Ada Secret", timezone: "Pacific/Chatham", dayStartHour: "5", desiredRetention: "0.88" } });
  // Good answers until each card is a review card, then one more when due: logs in every state.
  const start = new Date(NOW.getTime() - 60 * 86_400_000);
  for (const questionId of questionIds.slice(0, 3)) {
    let at = start;
    for (let i = 0; i < 6; i++) {
      const card = await db.card.findUnique({ where: { userId_questionId: { userId: a.id, questionId } } });
      at = new Date(Math.max(at.getTime(), card?.due.getTime() ?? 0) + 60_000);
      if (at > NOW) break;
      await answer(db, a, questionId, i !== 4, at);
    }
  }
  // The fourth question: answered wrong, then set aside as a leech.
  await answer(db, a, questionIds[3]!, false, start);
  const leech = await db.card.update({
    where: { userId_questionId: { userId: a.id, questionId: questionIds[3]! } },
    data: { lapses: 8, leech: true, suspended: true },
  });
  // An answer sent from the offline queue: the same path, later, with its own session.
  const offline = await answer(db, a, questionIds[0]!, true, new Date(NOW.getTime() - 3_600_000), "offline-queue");
  await lessonState.completeLesson({ db, actor: a, lessonId });
  await db.user.update({
    where: { id: a.id },
    data: {
      fsrsParams: [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542],
      fsrsFitReport: { before: 0.4, after: 0.3, reviews: 20, when: NOW.toISOString() },
      rescheduleOffer: { reason: "parameters", at: NOW.toISOString() },
    },
  });
  await membership.joinCohort({ db, actor: a, code: cohort1.joinCode });
  await membership.joinCohort({ db, actor: a, code: cohort2.joinCode });
  return { a, targets: { learnerId: a.id, leechCardId: leech.id, leechVersion: leech.version, reviewLogId: offline.reviewLogId } };
}

/** Every row that belongs to the learner: their User row and each row of every table with a userId. */
async function snapshot(db: Db, userId: string): Promise<Record<string, string[]>> {
  const tables = await db.$queryRaw<{ table: string }[]>`
    SELECT table_name AS "table" FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'userId' ORDER BY table_name`;
  const out: Record<string, string[]> = {};
  for (const { table } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT to_jsonb(t)::text AS row FROM "${table}" t WHERE "userId" = $1::uuid`, userId);
    out[table] = rows.map((r) => r.row).sort();
  }
  out.User = (await db.$queryRaw<{ row: string }[]>`SELECT to_jsonb(u)::text AS row FROM "User" u WHERE id = ${userId}::uuid`).map((r) => r.row);
  return out;
}

/** A call's outcome as plain data: its value (streams and packages read out) or its error code. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await run();
    if (value instanceof ReadableStream) return { stream: await new Response(value).text() };
    if (value instanceof Uint8Array) {
      const pkg = await openApkg(value);
      try {
        return { apkg: { cards: pkg.rows("SELECT type, queue, due, ivl, reps, lapses FROM cards ORDER BY id"), revlog: pkg.rows("SELECT ease, ivl, type FROM revlog ORDER BY id") } };
      } finally {
        pkg.close();
      }
    }
    if (value && typeof value === "object" && "bytes" in value && value.bytes instanceof Uint8Array) return { bytes: value.bytes.length };
    return { value: value ?? null };
  } catch (e) {
    if (e instanceof AppError) return { error: e.code };
    throw e;
  }
}

const JSON_OF = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));

/**
 * The outcome with what is B's own and what a clock or a sequence made replaced by placeholders:
 * B's id, email and name; every other uuid and bigint (and review log id) by order of appearance; timestamps.
 */
function normalize(value: unknown, me: User): string {
  const uuids = new Map<string, string>();
  const bigints = new Map<string, string>();
  return JSON_OF(value)
    .split(me.id).join("<me>")
    .split(me.email).join("<my email>")
    .split(me.name).join("<my name>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (u) => uuids.get(u) ?? (uuids.set(u, `<uuid${uuids.size}>`), `<uuid${uuids.size - 1}>`))
    // A review log id travels as a decimal string in results (JSON has no bigint).
    .replace(/"reviewLogId":"(\d+)"/g, (_m, id: string) => `"reviewLogId":"${id}n"`)
    .replace(/"\d+n"/g, (b) => bigints.get(b) ?? (bigints.set(b, `<bigint${bigints.size}>`), `<bigint${bigints.size - 1}>`))
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, "<time>");
}

interface Case {
  /** folder/file.exportName of every function this case runs. */
  covers: string[];
  run: (me: User, t: Targets) => Promise<unknown>;
}

/** Every learner-data call, as learner B (`me`), with A's ids where the function takes ids. In order: deleting the account comes last. */
function cases(): Case[] {
  const { db, courseId, lessonId, topicId, questionIds, cohort1, cohort2, cohort3 } = world;
  const [q1, q2, , q4] = questionIds as [string, string, string, string];
  const c = (covers: string | string[], run: Case["run"]): Case => ({ covers: [covers].flat(), run });
  // The reads run twice: first while B has nothing of their own (where any row at all would be A's,
  // even one a result shows only as a flag, such as a lesson "started"), then after B's own answers.
  const reads = [
    c("catalog/get-course.getCourse", (me) => getCourse.getCourse({ db, courseId, actor: me })),
    c("reviews/lesson-state.getLessonState", (me) => lessonState.getLessonState({ db, actor: me, lessonId })),
    c("reviews/get-review-queue.getReviewQueue", (me) => reviewQueue.getReviewQueue({ db, actor: me, now: new Date(NOW.getTime() + 30 * 86_400_000) })),
    c("reviews/list-leeches.listLeeches", (me) => listLeeches.listLeeches({ db, actor: me, topicId })),
    c("learners/get-dashboard.getDashboard", (me) => getDashboard.getDashboard({ db, actor: me, now: NOW })),
    c("learners/export-data.exportCardsJson", (me) => exportData.exportCardsJson({ db, actor: me })),
    c("cohorts/membership.listMyCohorts", (me) => membership.listMyCohorts({ db, actor: me })),
  ];
  return [
    ...reads,
    c("reviews/submit-review.submitReview", (me) => answer(db, me, q1, true, NOW)),
    c("reviews/get-review-queue.getReviewQueue", (me) => reviewQueue.getReviewQueue({ db, actor: me, now: new Date(NOW.getTime() + 30 * 86_400_000) })),
    c("reviews/get-review-queue.getReviewQueue", (me) => reviewQueue.getReviewQueue({ db, actor: me, filter: { courseId, topicId }, now: NOW })),
    c("reviews/get-review-queue.getLessonsForQuestions", () => reviewQueue.getLessonsForQuestions({ db, lessonIds: [lessonId] })),
    c("reviews/resolve-review-filter.resolveReviewFilter", () => resolveFilter.resolveReviewFilter({ db, courseId, topicId })),
    c("reviews/grade-answer.loadLiveQuestion", () => gradeAnswer.loadLiveQuestion(db, q4)),
    c("reviews/grade-answer.gradeAnswer", () => gradeAnswer.gradeAnswer({ db, questionId: q4, response: RIGHT })),
    c("reviews/preview.previewForQuestion", (me) => preview.previewForQuestion({ db, actor: me, questionId: q4, now: NOW })),
    c("reviews/lesson-state.getLessonState", (me) => lessonState.getLessonState({ db, actor: me, lessonId })),
    c("reviews/lesson-state.completeLesson", (me) => lessonState.completeLesson({ db, actor: me, lessonId })),
    c("reviews/list-leeches.listLeeches", (me) => listLeeches.listLeeches({ db, actor: me })),
    c("reviews/list-leeches.listLeeches", (me) => listLeeches.listLeeches({ db, actor: me, topicId })),
    c("reviews/relearn-leech.relearnLeech", (me, t) => relearnLeech.relearnLeech({ db, actor: me, now: NOW, input: { cardId: t.leechCardId, expectedVersion: t.leechVersion } })),
    c("reviews/undo-review.undoReview", (me, t) => undoReview.undoReview({ db, actor: me, input: { reviewLogId: t.reviewLogId } })),
    c("reviews/shift-time.shiftLearnerTime", (me) => shiftTime.shiftLearnerTime({ db, actor: me, days: 2 })),
    c("catalog/get-course.getCourse", (me) => getCourse.getCourse({ db, courseId, actor: me })),
    c("catalog/get-lesson.getLesson", () => getLesson.getLesson({ db, lessonId })),
    c("catalog/list-courses.listCourses", () => listCourses.listCourses({ db })),
    c("catalog/search.searchContent", () => search.searchContent({ db, query: "right" })),
    c("catalog/topics.listTopics", () => topics.listTopics({ db })),
    c("catalog/topics.getTopic", () => topics.getTopic({ db, topicId })),
    c("learners/get-dashboard.getDashboard", (me) => getDashboard.getDashboard({ db, actor: me, now: NOW })),
    c("learners/get-true-retention.getTrueRetention", (me) => trueRetention.getTrueRetention({ db, actor: me, now: NOW })),
    c("learners/advise-retention.getRetentionAdvice", (me) => adviseRetention.getRetentionAdvice({ db, actor: me, now: NOW })),
    c("learners/fit-parameters.getFitStatus", (me) => fitParameters.getFitStatus({ db, actor: me })),
    c("learners/fit-parameters.fitLearnerParameters", (me) => fitParameters.fitLearnerParameters({ db, actor: me, now: NOW })),
    c("learners/get-reschedule-offer.getRescheduleOffer", (me) => rescheduleOffer.getRescheduleOffer({ db, actor: me, now: NOW })),
    c("learners/get-reschedule-offer.planReschedule", (me) =>
      rescheduleOffer.planReschedule(db, me.id, { desiredRetention: 0.9, fsrsParams: null, timezone: "UTC", dayStartHour: 4 }),
    ),
    c("learners/reschedule-cards.rescheduleCards", (me) => rescheduleCards.rescheduleCards({ db, actor: me, input: { offer: NOW.toISOString(), choice: "reschedule" } })),
    c("learners/recompute-memory-states.recomputeMemoryStates", (me) =>
      db.$transaction((tx) => recompute.recomputeMemoryStates({ db: tx, userId: me.id, params: null, dayOptions: { timezone: "UTC", dayStartHour: 4 } })),
    ),
    c("learners/export-data.exportReviewsCsv", (me) => exportData.exportReviewsCsv({ db, actor: me })),
    c("learners/export-data.exportCardsJson", (me) => exportData.exportCardsJson({ db, actor: me })),
    c("learners/export-anki-deck.exportAnkiDeck", (me) => exportAnkiDeck.exportAnkiDeck({ db, actor: me, now: NOW, siteUrl: SITE })),
    c("learners/update-settings.updateSettings", (me) =>
      updateSettings.updateSettings({ db, actor: me, now: NOW, input: { name: me.name, timezone: "Asia/Kolkata", dayStartHour: "3", desiredRetention: "0.9" } }),
    ),
    c("learners/set-desired-retention.setDesiredRetention", (me) => setDesiredRetention.setDesiredRetention({ db, actor: me, desiredRetention: 0.86, now: NOW })),
    c("learners/check-current-password.checkCurrentPassword", (me) => checkCurrentPassword.checkCurrentPassword({ db, actor: me, password: PASSWORD, field: "password", now: NOW })),
    c("learners/change-password.changePassword", (me) =>
      changePassword.changePassword({ db, actor: me, now: NOW, input: { currentPassword: PASSWORD, newPassword: `${PASSWORD} again`, confirmPassword: `${PASSWORD} again` } }),
    ),
    c("reminders/reminder-settings.getReminderSettings", (me) => reminderSettings.getReminderSettings({ db, actor: me })),
    c("reminders/reminder-settings.updateReminderSettings", (me) => reminderSettings.updateReminderSettings({ db, actor: me, input: { reminderTime: "21:15" } })),
    c("learners/verify-email.isEmailVerified", (me) => verifyEmail.isEmailVerified({ db, actor: me })),
    c("learners/send-email-verification.sendEmailVerification", (me) => sendVerification.sendEmailVerification({ db, actor: me, siteUrl: SITE, now: NOW })),
    c("learners/sign-out-everywhere.signOutEverywhere", (me) => signOutEverywhere.signOutEverywhere({ db, actor: me })),
    c("cohorts/membership.previewCohort", (me) => membership.previewCohort({ db, actor: me, code: cohort3.joinCode })),
    c("cohorts/membership.joinCohort", (me) => membership.joinCohort({ db, actor: me, code: cohort3.joinCode })),
    c("cohorts/membership.listMyCohorts", (me) => membership.listMyCohorts({ db, actor: me })),
    c("cohorts/membership.leaveCohort", (me) => membership.leaveCohort({ db, actor: me, cohortId: cohort2.id })),
    c("cohorts/membership.leaveCohort", (me) => membership.leaveCohort({ db, actor: me, cohortId: cohort3.id })),
    // Instructor and admin functions: a learner is refused before anything is read.
    c("cohorts/access.requireCohort", (me) => cohortAccess.requireCohort({ db, actor: me, cohortId: cohort1.id })),
    c("cohorts/dashboard.getCohortDashboard", (me) => cohortDashboard.getCohortDashboard({ db, actor: me, cohortId: cohort1.id, now: NOW })),
    c("cohorts/export.cohortLearnersCsv", (me) => cohortExport.cohortLearnersCsv({ db, actor: me, cohortId: cohort1.id, now: NOW })),
    c("cohorts/export.cohortItemsCsv", (me) => cohortExport.cohortItemsCsv({ db, actor: me, cohortId: cohort1.id, now: NOW })),
    c("cohorts/export.cohortReviewsCsv", (me) => cohortExport.cohortReviewsCsv({ db, actor: me, cohortId: cohort1.id })),
    c("cohorts/get-cohort-settings.listCohortCourses", (me) => cohortSettings.listCohortCourses({ db, actor: me })),
    c("cohorts/get-cohort-settings.getCohortSettings", (me) => cohortSettings.getCohortSettings({ db, actor: me, cohortId: cohort1.id })),
    c("cohorts/item-detail.getCohortItemDetail", (me) => cohortItemDetail.getCohortItemDetail({ db, actor: me, cohortId: cohort1.id, questionId: q1, now: NOW })),
    c("cohorts/learner-progress.getCohortLearnerProgress", (me, t) =>
      cohortLearnerProgress.getCohortLearnerProgress({ db, actor: me, cohortId: cohort1.id, userId: t.learnerId, now: NOW }),
    ),
    c("cohorts/learner-topic.getCohortLearnerTopic", (me, t) =>
      cohortLearnerTopic.getCohortLearnerTopic({ db, actor: me, cohortId: cohort1.id, userId: t.learnerId, topicId, now: NOW }),
    ),
    c("cohorts/manage.listCohorts", (me) => cohortManage.listCohorts({ db, actor: me })),
    c("cohorts/manage.createCohort", (me) => cohortManage.createCohort({ db, actor: me, input: { name: "Mine", courseIds: [courseId] } })),
    c("cohorts/manage.updateCohort", (me) => cohortManage.updateCohort({ db, actor: me, cohortId: cohort1.id, input: { name: "Taken", courseIds: [courseId] } })),
    c("cohorts/manage.rotateJoinCode", (me) => cohortManage.rotateJoinCode({ db, actor: me, cohortId: cohort1.id })),
    c("cohorts/manage.removeMember", (me, t) => cohortManage.removeMember({ db, actor: me, cohortId: cohort1.id, userId: t.learnerId, address: "203.0.113.9" })),
    c("cohorts/manage.addInstructor", (me) => cohortManage.addInstructor({ db, actor: me, cohortId: cohort1.id, email: me.email, address: "203.0.113.9" })),
    c("admin/list-users.listUsers", (me) => adminListUsers.listUsers({ db, actor: me, query: "Ada" })),
    c("admin/audit.listAuditLog", (me) => adminAudit.listAuditLog({ db, actor: me })),
    c("admin/change-role.changeRole", (me, t) => adminChangeRole.changeRole({ db, actor: me, userId: t.learnerId, role: "LEARNER", address: "203.0.113.9" })),
    c("admin/set-account-disabled.setAccountDisabled", (me, t) =>
      adminSetDisabled.setAccountDisabled({ db, actor: me, userId: t.learnerId, disabled: true, address: "203.0.113.9", now: NOW }),
    ),
    ...authoringCases().map(([covers, run]) => c(covers, (me) => run(me))),
    // POST /api/reviews, with the session user B. It answers at the wall clock's time (no `now`), so it
    // runs after every read whose result would show that time.
    c("reviews/answer-endpoint.answerOverHttp", (me) =>
      answerEndpoint.answerOverHttp({
        db,
        origin: SITE,
        host: new URL(SITE).host,
        contentLength: null,
        readBody: async () =>
          JSON.stringify({ questionId: q2, response: WRONG, rating: 1, durationMs: 900, idempotencyKey: randomUUID(), sessionId: "http", source: "lesson", expectedVersion: null }),
        resolveActor: async () => me,
      }),
    ),
    c("learners/delete-account.deleteAccount", (me) => deleteAccount.deleteAccount({ db, actor: me, password: `${PASSWORD} again` })),
  ];
}

/** The authoring functions, each a call for the given actor. */
function authoringCases(): [string, (actor: Actor) => Promise<unknown>][] {
  const { db, courseId, lessonId } = world;
  return [
    ["authoring/content-health.getContentHealth", (actor) => contentHealth.getContentHealth({ db, actor })],
    ["authoring/export-course-deck.exportCourseDeck", (actor) => exportCourseDeck.exportCourseDeck({ actor, courseId, now: NOW, siteUrl: SITE })],
    ["authoring/get-author-overview.getAuthorOverview", (actor) => authorOverview.getAuthorOverview({ actor })],
    ["authoring/get-author-overview.getLessonPreview", (actor) => authorOverview.getLessonPreview({ actor, lessonId })],
    ["authoring/get-course-workload.getCourseWorkload", (actor) => courseWorkload.getCourseWorkload({ actor, courseId })],
  ];
}

async function runAll(me: User, targets: Targets): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const c of cases()) results.push(await outcome(() => c.run(me, targets)));
  return results;
}

const noTargets = (): Targets => ({ learnerId: randomUUID(), leechCardId: randomUUID(), leechVersion: 0, reviewLogId: "999999999" });

let before: unknown[];
let after: unknown[];
let bBefore: User;
let bAfter: User;
let a: User;
let aBefore: Record<string, string[]>;
let aAfter: Record<string, string[]>;
let aIdentifiers: string[];

/** Statements sent while B ran every function with A's ids (the routability check below reads them). */
const statements: string[] = [];
let capturing = false;
function capturingClient() {
  const client = createPrismaWith(testDatabaseUrl(), 4, (adapter) => new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] }));
  client.$on("query", (e) => {
    if (capturing) statements.push(e.query);
  });
  // Statements sent through pg on the client's own pool (the cohort figures, lib/db/sql.ts sqlRows) are
  // not in Prisma's log: record the pool too (Prisma's own appear twice, which the check does not mind).
  recordPoolStatements(poolOf(client), {
    onStatement: (statement) => {
      if (capturing) statements.push(statement.text);
    },
  }).recording = true;
  return client;
}
let capturingDb: ReturnType<typeof capturingClient>;

beforeAll(async () => {
  capturingDb = capturingClient();
  const db: Db = capturingDb;
  const course = await createCourse();
  const topic = await createTopic();
  const lesson = await createLesson({ courseId: course.id });
  await db.lessonTopic.create({ data: { lessonId: lesson.id, topicId: topic.id } });
  const questions = [];
  for (let i = 0; i < 4; i++) questions.push(await createQuestion({ lessonId: lesson.id, position: i, payload: MC }));
  const instructor = await createUser({ role: "INSTRUCTOR" });
  const author = await createUser({ role: "AUTHOR" });
  const cohort1 = await cohortManage.createCohort({ db, actor: instructor, input: { name: "One", courseIds: [course.id] } });
  const cohort2 = await cohortManage.createCohort({ db, actor: instructor, input: { name: "Two", courseIds: [course.id] } });
  const cohort3 = await cohortManage.createCohort({ db, actor: instructor, input: { name: "Three", courseIds: [course.id] } });
  world = { db, courseId: course.id, lessonId: lesson.id, topicId: topic.id, questionIds: questions.map((q) => q.id), instructor, author, cohort1, cohort2, cohort3 };

  // B's results while A has no data yet are what B must get once A has some.
  bBefore = await createUser({ password: PASSWORD });
  before = await runAll(bBefore, noTargets());

  const seeded = await seedLearnerA();
  a = seeded.a;
  const aCards = await db.card.findMany({ where: { userId: a.id }, select: { id: true } });
  const aLogs = await db.reviewLog.findMany({ where: { userId: a.id }, select: { id: true } });
  aIdentifiers = [a.id, a.email, "Ada Secret", ...aCards.map((c) => c.id), ...aLogs.map((l) => `"${l.id}n"`)];
  aBefore = await snapshot(db, a.id);
  bAfter = await createUser({ password: PASSWORD });
  capturing = true;
  after = await runAll(bAfter, seeded.targets);
  capturing = false;
  aAfter = await snapshot(db, a.id);
  // B never gets past requireCohort, so the cohort reports' own statements are captured from their
  // instructor's runs over A's cohort (with and without a date range), for the routability check only.
  capturing = true;
  for (const filters of [NO_FILTERS, { ...NO_FILTERS, from: "2026-01-01", to: "2027-12-31" }]) {
    await cohortDashboard.getCohortDashboard({ db, actor: instructor, cohortId: cohort1.id, filters });
    await cohortItemDetail.getCohortItemDetail({ db, actor: instructor, cohortId: cohort1.id, questionId: questions[0]!.id, filters });
  }
  await cohortExport.cohortReviewsCsv({ db, actor: instructor, cohortId: cohort1.id });
  capturing = false;
}, 120_000);

describe("every learner-data function run as another learner", () => {
  it("seeds learner A with rows in every per-learner table the test reads", () => {
    for (const table of ["Card", "ReviewLog", "LessonProgress", "CohortMember", "User"]) expect(aBefore[table]?.length, table).toBeGreaterThan(0);
    expect(aBefore.ReviewLog!.some((r) => r.includes('"stateBefore": "REVIEW"'))).toBe(true);
    expect(aBefore.ReviewLog!.some((r) => r.includes("offline-queue"))).toBe(true);
  });

  it("returns none of A's ids, email or name", () => {
    const leaks = after.flatMap((result, i) => aIdentifiers.filter((id) => JSON_OF(result).includes(id)).map((id) => `${cases()[i]!.covers.join(",")}: ${id}`));
    expect(leaks).toEqual([]);
  });

  it("gives B the same results once A has data as before A had any", () => {
    const differ = cases().flatMap((c, i) => {
      const was = normalize(before[i], bBefore);
      const now = normalize(after[i], bAfter);
      if (was === now) return [];
      // Where they part, with some context: results can be long.
      let at = 0;
      while (was[at] === now[at]) at++;
      const around = (text: string) => text.slice(Math.max(0, at - 150), at + 250);
      return [`${c.covers.join(",")}\n  before A: …${around(was)}\n  after A:  …${around(now)}`];
    });
    expect(differ).toEqual([]);
  });

  it("changes none of A's rows", () => {
    expect(aAfter).toEqual(aBefore);
  });

  it("refuses A's ids: A's leech and A's answer are not found, A's cohort cannot be left for them", () => {
    const byName = (name: string) => cases().flatMap((c, i) => (c.covers.includes(name) ? [after[i]] : []));
    expect(byName("reviews/relearn-leech.relearnLeech")).toEqual([{ error: "NOT_FOUND" }]);
    expect(byName("reviews/undo-review.undoReview")).toEqual([{ error: "NOT_FOUND" }]);
    expect(byName("cohorts/membership.leaveCohort")).toEqual([{ error: "NOT_FOUND" }, { value: null }]);
  });

  it("runs B's own calls for real: B's answer, settings, password change and account deletion succeed", () => {
    const byName = (name: string) => cases().flatMap((c, i) => (c.covers.includes(name) ? [after[i]] : []));
    for (const name of ["reviews/submit-review.submitReview", "learners/update-settings.updateSettings", "learners/change-password.changePassword", "learners/delete-account.deleteAccount"]) {
      expect(byName(name)[0], name).not.toHaveProperty("error");
    }
  });
});

describe("who may call at all", () => {
  it("refuses authoring functions to a learner with FORBIDDEN, and runs them for an author", async () => {
    const learner = await createUser();
    const asLearner = await Promise.all(authoringCases().map(([, run]) => outcome(() => run(learner))));
    expect(asLearner).toEqual(authoringCases().map(() => ({ error: "FORBIDDEN" })));
    const [health, , overview] = authoringCases();
    expect(await outcome(() => health![1](world.author))).not.toHaveProperty("error");
    expect(await outcome(() => overview![1](world.author))).not.toHaveProperty("error");
  });

  it("refuses a missing actor (UNAUTHENTICATED) and a disabled or deleted account (FORBIDDEN)", async () => {
    const { db } = world;
    const disabled = await createUser({ disabledAt: NOW });
    const gone = { id: randomUUID(), role: "LEARNER" as const };
    const results = await Promise.all([
      outcome(() => getDashboard.getDashboard({ db, actor: undefined as unknown as Actor, now: NOW })),
      outcome(() => getDashboard.getDashboard({ db, actor: { id: undefined, role: "LEARNER" } as unknown as Actor, now: NOW })),
      outcome(() => getDashboard.getDashboard({ db, actor: disabled, now: NOW })),
      outcome(() => listLeeches.listLeeches({ db, actor: gone })),
      outcome(() => contentHealth.getContentHealth({ db, actor: { ...disabled, role: "AUTHOR" } })),
      // The review queue checks the account inside its one statement, the whole queue's or the filtered one's.
      outcome(() => reviewQueue.getReviewQueue({ db, actor: disabled, now: NOW })),
      outcome(() => reviewQueue.getReviewQueue({ db, actor: gone, now: NOW })),
      outcome(() => reviewQueue.getReviewQueue({ db, actor: disabled, now: NOW, filter: { topicId: "any" } })),
    ]);
    expect(results).toEqual([
      { error: "UNAUTHENTICATED" },
      { error: "UNAUTHENTICATED" },
      { error: "FORBIDDEN" },
      { error: "FORBIDDEN" },
      { error: "FORBIDDEN" },
      { error: "FORBIDDEN" },
      { error: "FORBIDDEN" },
      { error: "FORBIDDEN" },
    ]);
  });

  it("takes the role from the database: an author demoted since the session began is refused", async () => {
    const demoted = await createUser({ role: "LEARNER" });
    expect(await outcome(() => contentHealth.getContentHealth({ db: world.db, actor: { id: demoted.id, role: "AUTHOR" } }))).toEqual({ error: "FORBIDDEN" });
  });
});

/**
 * docs/scaling.md distributes the per-learner tables by userId (Citus): a statement is routed to one
 * shard only when each read of such a table names the learner. This counts, in every statement the
 * data functions sent above, the reads of those tables (FROM, JOIN, UPDATE, DELETE) and the
 * `"userId" = $n` (or `IN ($n)`, `= ANY($n)`) conditions, and an INSERT's column list. It reads SQL as
 * text, so it is a tripwire for a forgotten learner condition, not a proof of how Citus would plan.
 */
const PER_LEARNER_TABLE = String.raw`(?:"public"\.)?"(?:Card|ReviewLog|LessonProgress|LearnerDay|QuestionDay|CardSummary|LearnerSession)"`;

function unroutable(statement: string): boolean {
  const reads = statement.match(new RegExp(String.raw`\b(?:FROM|JOIN|UPDATE)\s+${PER_LEARNER_TABLE}`, "gi"))?.length ?? 0;
  const learnerConditions = statement.match(/"userId"\s*(?:=\s*(?:ANY\s*\()?\$\d+|IN\s*\(\s*\$\d+)/g)?.length ?? 0;
  const inserts = [...statement.matchAll(new RegExp(String.raw`\bINSERT\s+INTO\s+${PER_LEARNER_TABLE}\s*\(([^)]*)\)`, "gi"))];
  return learnerConditions < reads || inserts.some((m) => !m[1]!.includes(`"userId"`));
}

describe("statements, for sharding by learner", () => {
  it("names the learner in every read of a per-learner table and in every row inserted into one", () => {
    // The answer's and the review queue's statements go through pg, not Prisma's log: they are checked as written.
    const touching = [...statements, ...[...ANSWER_STATEMENTS, ...REVIEW_QUEUE_STATEMENTS].map((s) => s.text)].filter((q) => new RegExp(PER_LEARNER_TABLE).test(q));
    expect(touching.length).toBeGreaterThan(30);
    expect(touching.filter(unroutable)).toEqual([]);
  });

  it("flags a statement that reads a per-learner table without the learner", () => {
    expect(unroutable(`SELECT * FROM "Card" c JOIN "ReviewLog" r ON r."cardId" = c.id WHERE c."userId" = $1`)).toBe(true);
    expect(unroutable(`SELECT * FROM "public"."Card" WHERE "public"."Card"."questionId" = $1`)).toBe(true);
    expect(unroutable(`INSERT INTO "ReviewLog" ("questionId") VALUES ($1)`)).toBe(true);
    expect(unroutable(`SELECT * FROM "Card" c JOIN "ReviewLog" r ON r."cardId" = c.id AND r."userId" = $2 WHERE c."userId" = $1`)).toBe(false);
  });
});

describe("the list of data functions", () => {
  const LIB = path.resolve("lib");

  it("classifies every folder and file of lib/ as data (run here) or not (with a reason)", () => {
    const unclassified = readdirSync(LIB).filter((name) => {
      if (statSync(path.join(LIB, name)).isDirectory()) return !DATA_FOLDERS.includes(name) && !(name in NOT_DATA_FOLDERS);
      return !NOT_DATA_FILES.has(name);
    });
    expect(unclassified).toEqual([]);
  });

  it("runs or allow-lists every function exported by the data folders", async () => {
    const covered = new Set(cases().flatMap((c) => c.covers));
    const exported: string[] = [];
    for (const folder of DATA_FOLDERS) {
      for (const file of readdirSync(path.join(LIB, folder)).filter((f) => f.endsWith(".ts"))) {
        const mod = (await import(path.join(LIB, folder, file))) as Record<string, unknown>;
        for (const [name, value] of Object.entries(mod)) if (typeof value === "function") exported.push(`${folder}/${file.replace(/\.ts$/, "")}.${name}`);
      }
    }
    expect(exported.length).toBeGreaterThan(60);
    expect(exported.filter((name) => !covered.has(name) && !(name in ALLOWED))).toEqual([]);
    // An allow-listed or covered name that no longer exists is a stale entry.
    expect([...covered, ...Object.keys(ALLOWED)].filter((name) => !exported.includes(name))).toEqual([]);
  });
});
