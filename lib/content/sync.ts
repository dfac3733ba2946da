// Writes the loaded content to the database, idempotently, keyed by the authors' stable ids.
// The rules for learners' cards are in docs/decisions/003-content-sync.md.
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { QuestionPayload } from "@/lib/quiz/types";
import { ts as sqlTs } from "@/lib/db/sql";
import { CONTENT_CHANNEL } from "./live-cache";
import type { LoadedContent } from "./load";

export interface SyncReport {
  topics: number;
  courses: number;
  lessons: { created: number; updated: number; unchanged: number; retired: number };
  questions: { created: number; updated: number; unchanged: number; retired: number; answerChanged: number };
  cardsRelearning: number;
}

const sha = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/** What decides whether an answer is right: changing it invalidates what learners have memorised. */
export function answerHashOf(payload: QuestionPayload): string {
  switch (payload.kind) {
    case "MULTIPLE_CHOICE":
      return sha({ kind: payload.kind, correct: payload.choices.filter((c) => c.correct).map((c) => [c.id, c.text]) });
    case "FREE_RECALL":
      return sha({ kind: payload.kind, answer: payload.answer, keyPoints: payload.keyPoints.map((k) => k.text) });
    case "ESTIMATE":
      return sha({ kind: payload.kind, answer: payload.answer, unit: payload.unit, tolerance: payload.tolerance });
  }
}

export class ContentErrors extends Error {}

export async function syncContent({ prisma, content, now = new Date() }: { prisma: Db; content: LoadedContent; now?: Date }): Promise<SyncReport> {
  const errors = content.problems.filter((p) => p.severity === "error");
  if (errors.length) {
    throw new ContentErrors(
      `Refusing to sync: the content has ${errors.length} error(s).\n` + errors.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.message}`).join("\n"),
    );
  }
  const report: SyncReport = {
    topics: content.topics.length,
    courses: content.courses.length,
    lessons: { created: 0, updated: 0, unchanged: 0, retired: 0 },
    questions: { created: 0, updated: 0, unchanged: 0, retired: 0, answerChanged: 0 },
    cardsRelearning: 0,
  };

  await prisma.$transaction(
    async (tx) => {
      for (const t of content.topics) {
        await tx.topic.upsert({ where: { id: t.id }, create: t, update: { title: t.title, description: t.description } });
      }
      const courseIds = content.courses.map((c) => c.id);
      for (const c of content.courses) {
        const data = { title: c.title, description: c.description, position: c.position, contentHash: sha(c), retiredAt: null };
        await tx.course.upsert({ where: { id: c.id }, create: { id: c.id, ...data }, update: data });
      }
      await tx.course.updateMany({ where: { id: { notIn: courseIds }, retiredAt: null }, data: { retiredAt: now } });

      const existingLessons = new Map((await tx.lesson.findMany({ select: { id: true, contentHash: true, retiredAt: true, courseId: true, position: true } })).map((l) => [l.id, l]));
      for (const l of content.lessons) {
        const meta = { keyFigures: l.keyFigures ?? [], related: l.related } as Prisma.InputJsonObject;
        const data = {
          courseId: l.courseId,
          slug: l.id,
          title: l.title,
          level: l.level,
          summary: l.summary,
          position: l.position,
          readingMinutes: l.readingMinutes,
          meta,
          code: l.code,
          plainText: l.plainText,
          contentHash: l.contentHash,
          sourcePath: l.file,
          retiredAt: null,
        };
        const before = existingLessons.get(l.id);
        if (!before) report.lessons.created++;
        else if (before.contentHash === l.contentHash && !before.retiredAt && before.courseId === l.courseId && before.position === l.position) {
          report.lessons.unchanged++;
        } else report.lessons.updated++;
        if (before && before.courseId !== l.courseId) {
          // A lesson moving between courses keeps its id; the (courseId, slug) pair must stay unique.
          await tx.lesson.update({ where: { id: l.id }, data: { slug: `${l.id}--moving` } });
        }
        await tx.lesson.upsert({ where: { id: l.id }, create: { id: l.id, ...data }, update: data });
        await tx.lessonTopic.deleteMany({ where: { lessonId: l.id, topicId: { notIn: l.topics } } });
        await tx.lessonTopic.createMany({ data: l.topics.map((topicId) => ({ lessonId: l.id, topicId })), skipDuplicates: true });
      }
      const lessonIds = content.lessons.map((l) => l.id);
      report.lessons.retired = (await tx.lesson.updateMany({ where: { id: { notIn: lessonIds }, retiredAt: null }, data: { retiredAt: now } })).count;

      const existingQuestions = new Map(
        (await tx.question.findMany({ select: { id: true, contentHash: true, answerHash: true, retiredAt: true } })).map((q) => [q.id, q]),
      );
      for (const q of content.questions) {
        const answerHash = answerHashOf(q.payload);
        const hash = sha({ prompt: q.prompt, payload: q.payload, topics: q.topics, lessonId: q.lessonId, position: q.position });
        const before = existingQuestions.get(q.id);
        const data = {
          lessonId: q.lessonId,
          kind: q.kind,
          prompt: q.prompt,
          payload: q.payload as unknown as Prisma.InputJsonObject,
          answerHash,
          contentHash: hash,
          position: q.position,
          retiredAt: null,
        };
        if (!before) report.questions.created++;
        else if (before.contentHash === hash && !before.retiredAt) report.questions.unchanged++;
        else report.questions.updated++;
        await tx.question.upsert({ where: { id: q.id }, create: { id: q.id, ...data }, update: data });
        if (before && before.answerHash !== answerHash) {
          report.questions.answerChanged++;
          // The right answer changed: what learners memorised is now wrong. Their cards go back to
          // relearning, due now, keeping their history (stability, lapses) for FSRS.
          const moved = await tx.card.updateMany({
            where: { questionId: q.id, answerHash: { not: answerHash }, state: { not: "NEW" } },
            data: { state: "RELEARNING", due: now, learningSteps: 0, answerHash, version: { increment: 1 } },
          });
          report.cardsRelearning += moved.count;
        }
        const topics = [...new Set(q.topics)];
        await tx.questionTopic.deleteMany({ where: { questionId: q.id, topicId: { notIn: topics } } });
        await tx.questionTopic.createMany({ data: topics.map((topicId) => ({ questionId: q.id, topicId })), skipDuplicates: true });
      }
      const questionIds = content.questions.map((q) => q.id);
      report.questions.retired = (await tx.question.updateMany({ where: { id: { notIn: questionIds }, retiredAt: null }, data: { retiredAt: now } })).count;
      // Every server process holds the live content in memory (lib/content/live-cache.ts): the new
      // version, and a notification that PostgreSQL delivers only if this transaction commits.
      const [{ version }] = await tx.$queryRaw<{ version: bigint }[]>`
        INSERT INTO "ContentVersion" (id, version, "changedAt") VALUES (1, 1, ${sqlTs(now)})
        ON CONFLICT (id) DO UPDATE SET version = "ContentVersion".version + 1, "changedAt" = EXCLUDED."changedAt"
        RETURNING version`;
      await tx.$executeRaw`SELECT pg_notify(${CONTENT_CHANNEL}, ${version.toString()})`;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return report;
}
