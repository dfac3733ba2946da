import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/ui/card";
import { db } from "@/lib/db/client";
import { listTopics } from "@/lib/catalog/topics";

export const metadata: Metadata = { title: "Topics" };

export default async function TopicsPage() {
  const topics = await listTopics({ db: db() });
  return (
    <div className="space-y-6">
      <PageTitle>Topics</PageTitle>
      <p className="text-[var(--fg-muted)]">Every idea, and every lesson in every course where it comes up.</p>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {topics.map((t) => (
          <li key={t.id} className="rounded-lg border border-[var(--border)] p-4">
            <Link href={`/topics/${t.id}`} className="font-semibold hover:underline">
              {t.title}
            </Link>
            <p className="text-sm text-[var(--fg-muted)]">{t.description}</p>
            <p className="mt-1 text-sm text-[var(--fg-muted)]">
              {t.lessonCount} {t.lessonCount === 1 ? "lesson" : "lessons"} · {t.questionCount} questions
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
