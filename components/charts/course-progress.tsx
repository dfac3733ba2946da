import Link from "next/link";
import type { CourseProgress } from "@/lib/learners/get-dashboard";
import { formatPercent, plural } from "@/lib/analytics/format";

const STATES = [
  { key: "new", label: "New", className: "fill-slate-400 dark:fill-slate-500", swatch: "bg-slate-400 dark:bg-slate-500" },
  { key: "learning", label: "Learning", className: "fill-amber-600 dark:fill-amber-400", swatch: "bg-amber-600 dark:bg-amber-400" },
  { key: "young", label: "Young", className: "fill-[#8aa9f0] dark:fill-[#5a86ec]", swatch: "bg-[#8aa9f0] dark:bg-[#5a86ec]" },
  { key: "mature", label: "Mature", className: "fill-brand-700 dark:fill-[#a9c3ff]", swatch: "bg-brand-700 dark:bg-[#a9c3ff]" },
] as const;

function Meter({ label, value, total }: { label: string; value: number; total: number }) {
  const share = total > 0 ? value / total : 0;
  return (
    <div>
      <div className="flex justify-between text-sm">
        <span>{label}</span>
        <span className="tabular-nums text-[var(--fg-muted)]">
          {value} / {total}
        </span>
      </div>
      <svg viewBox="0 0 100 6" preserveAspectRatio="none" className="mt-1 h-1.5 w-full" aria-hidden="true">
        <rect width={100} height={6} rx={3} fill="var(--bg-muted)" />
        <rect width={share * 100} height={6} rx={3} className="fill-brand-600 dark:fill-[#8fb1ff]" />
      </svg>
    </div>
  );
}

/** One course: lessons read, questions met, cards by state (stacked bar with the counts spelled out), leeches. */
export function CourseProgressCard({ course }: { course: CourseProgress }) {
  const cardTotal = STATES.reduce((n, s) => n + course.cards[s.key], 0);
  let offset = 0;
  return (
    <article className="space-y-3 rounded-md border border-[var(--border)] p-4">
      <h3 className="font-semibold">
        <Link href={`/courses/${course.courseId}`} className="hover:underline">
          {course.title}
        </Link>
      </h3>
      <Meter label="Lessons read" value={course.lessonsRead} total={course.lessonsTotal} />
      <Meter label="Questions met" value={course.questionsMet} total={course.questionsTotal} />
      {cardTotal > 0 && (
        <div>
          <svg viewBox="0 0 100 8" preserveAspectRatio="none" className="h-2 w-full" aria-hidden="true">
            {STATES.map((s) => {
              const width = (course.cards[s.key] / cardTotal) * 100;
              const rect = <rect key={s.key} x={offset} width={width} height={8} className={s.className} />;
              offset += width;
              return rect;
            })}
          </svg>
          <ul className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-[var(--fg-muted)]" aria-label="Cards by state">
            {STATES.map((s) => (
              <li key={s.key} className="flex items-center gap-1">
                <span className={`inline-block size-2.5 rounded-sm ${s.swatch}`} aria-hidden="true" />
                {s.label} <span className="tabular-nums text-[var(--fg)]">{course.cards[s.key]}</span>
              </li>
            ))}
          </ul>
          <p className="sr-only">{`${formatPercent(course.cards.mature / cardTotal)} of the cards are mature (interval of 21 days or more).`}</p>
        </div>
      )}
      {course.leeches > 0 && (
        <p className="text-sm text-amber-800 dark:text-amber-300">
          {plural(course.leeches, "leech", "leeches")}: suspended after repeated lapses; worth rereading their lesson.
        </p>
      )}
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {course.nextLesson ? (
          <Link href={`/lessons/${course.nextLesson.id}`} className="underline underline-offset-2">
            Next: {course.nextLesson.title}
          </Link>
        ) : (
          <span className="text-[var(--fg-muted)]">Every lesson read</span>
        )}
        {course.dueNow > 0 && (
          <Link href={`/review?course=${encodeURIComponent(course.courseId)}`} className="underline underline-offset-2">
            Review this course ({course.dueNow} due)
          </Link>
        )}
      </p>
    </article>
  );
}
