// npm run content:check   validate every lesson: file:line:column severity message; exit 1 on any error
// npm run content:sync    load the content into DATABASE_URL (or the embedded database)
// npm run content:new -- <course> <lesson-id> "<title>"   scaffold a lesson and add it to the course
// npm run content:workload -- <course> [--days 90]        simulate the reviews a course adds per day
import "dotenv/config";
import { loadContent } from "@/lib/content/load";
import { syncContent } from "@/lib/content/sync";
import { scaffoldLesson } from "@/lib/content/scaffold";
import { WORKLOAD_RETENTIONS } from "@/lib/authoring/get-course-workload";
import { cheapestPerRemembered, simulateWorkload, type Workload } from "@/lib/content/workload";
import { withMigratedDatabase } from "./lib/database";

async function scaffold(): Promise<number> {
  const [course, id, title] = process.argv.slice(3);
  if (!course || !id || !title) throw new Error('Usage: npm run content:new -- <course> <lesson-id> "<title>"');
  const file = await scaffoldLesson({ course, id, title });
  console.log(`✔ Wrote ${file} and added "${id}" to the end of content/courses/${course}/course.json.`);
  console.log("  Edit it, then run npm run content:check; npm run dev shows it at /lessons/" + id);
  return 0;
}

async function workload(): Promise<number> {
  const course = process.argv[3];
  const daysArg = process.argv.indexOf("--days");
  const days = daysArg > 0 ? Number(process.argv[daysArg + 1]) : 90;
  const content = await loadContent({ compile: false });
  const c = content.courses.find((x) => x.id === course);
  if (!c) throw new Error(`Usage: npm run content:workload -- <course>. Courses: ${content.courses.map((x) => x.id).join(", ")}`);
  const lessons = content.lessons.filter((l) => l.courseId === c.id).sort((a, b) => a.position - b.position).map((l) => l.questionIds);
  console.log(`${c.title}: ${lessons.length} lessons, ${lessons.flat().length} questions; one lesson a day, FSRS defaults, each review priced by its state and outcome (fsrs-rs's costs), mean of 20 simulated learners over ${days} days\n`);
  console.log("retention  total reviews  peak/day  mean min/day  week1/day  week4/day  week12/day  remembered at end  min/remembered");
  const results: Workload[] = [];
  for (const r of WORKLOAD_RETENTIONS) results.push(await simulateWorkload({ lessons, desiredRetention: r, days }));
  const cheapest = cheapestPerRemembered(results);
  for (const w of results) {
    const r = w.desiredRetention;
    const week = (n: number) => (w.reviewsPerDay.slice((n - 1) * 7, n * 7).reduce((a, b) => a + b, 0) / 7).toFixed(1);
    console.log(
      `${r.toFixed(2).padEnd(11)}${w.totalReviews.toFixed(0).padStart(13)}${w.peakReviews.toFixed(1).padStart(10)}${w.averageMinutesPerDay.toFixed(1).padStart(14)}` +
        `${week(1).padStart(11)}${week(4).padStart(11)}${week(12).padStart(12)}${`${w.rememberedAtEnd.toFixed(1)} / ${w.questions}`.padStart(19)}` +
        `${w.minutesPerRemembered.toFixed(2).padStart(16)}${w === cheapest ? "  ← cheapest" : ""}`,
    );
  }
  return 0;
}

async function check(): Promise<number> {
  const started = Date.now();
  const content = await loadContent({ compile: !process.argv.includes("--no-compile") });
  for (const p of content.problems) console.log(`${p.file}:${p.line}:${p.column} ${p.severity} ${p.message}`);
  const errors = content.problems.filter((p) => p.severity === "error").length;
  const warnings = content.problems.length - errors;
  const kinds = content.questions.reduce<Record<string, number>>((acc, q) => ((acc[q.kind] = (acc[q.kind] ?? 0) + 1), acc), {});
  console.log(
    `\n${errors ? "✖" : "✔"} ${content.courses.length} courses, ${content.lessons.length} lessons, ${content.questions.length} questions ` +
      `(${Object.entries(kinds).map(([k, n]) => `${n} ${k.toLowerCase().replace("_", " ")}`).join(", ")}); ` +
      `${errors} error(s), ${warnings} warning(s); compiled ${content.compiled.fresh}, cached ${content.compiled.cached}; ${Date.now() - started} ms`,
  );
  return errors ? 1 : 0;
}

async function sync(): Promise<number> {
  return withMigratedDatabase({ connections: 2 }, async (prisma) => {
    const report = await syncContent({ prisma, content: await loadContent() });
    console.log(`✔ Synced: ${JSON.stringify(report)}`);
    return 0;
  });
}

const command = process.argv[2];
const commands: Record<string, () => Promise<number>> = { check, sync, new: scaffold, workload };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error("Usage: tsx scripts/content.ts <check|sync|new|workload>");
  process.exit(2);
}
run().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`✖ ${(e as Error).message}`);
    process.exit(1);
  },
);
