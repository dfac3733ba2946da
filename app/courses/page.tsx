import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { LevelBadge } from "@/components/ui/level-badge";
import { db } from "@/lib/db/client";
import { listCourses } from "@/lib/catalog/list-courses";

export const metadata: Metadata = { title: "Courses" };

export default async function CoursesPage() {
  const courses = await listCourses({ db: db() });
  return (
    <div className="space-y-6">
      <PageTitle>Courses</PageTitle>
      {courses.length === 0 ? (
        <p className="text-[var(--fg-muted)]">No course is published yet. Authors add lessons under content/ and run npm run content:sync.</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {courses.map((c) => (
            <Card key={c.id}>
              <h2 className="mb-1 text-xl font-semibold">
                <Link href={`/courses/${c.id}`} className="hover:underline">
                  {c.title}
                </Link>
              </h2>
              <p className="mb-3 text-[var(--fg-muted)]">{c.description}</p>
              <p className="flex flex-wrap items-center gap-2 text-sm text-[var(--fg-muted)]">
                {c.lessonCount} lessons · {c.questionCount} questions · about {c.readingMinutes} min of reading
                {c.levels.map((l) => (
                  <LevelBadge key={l} level={l} />
                ))}
              </p>
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
