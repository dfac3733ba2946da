import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LeechList } from "@/components/leeches/leech-list";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { PageTitle } from "@/components/ui/card";
import { LevelBadge } from "@/components/ui/level-badge";
import { db } from "@/lib/db/client";
import { getCurrentUser } from "@/lib/auth/session";
import { pathParam } from "@/lib/http/params";
import { getTopic } from "@/lib/catalog/topics";
import { listLeeches } from "@/lib/reviews/list-leeches";

type Props = { params: Promise<{ topicId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const topicId = pathParam((await params).topicId);
  const topic = await getTopic({ db: db(), topicId });
  return { title: topic?.title ?? "Topic not found" };
}

export default async function TopicPage({ params }: Props) {
  const topicId = pathParam((await params).topicId);
  const topic = await getTopic({ db: db(), topicId });
  if (!topic) notFound();
  const user = await getCurrentUser();
  const leeches = user ? await listLeeches({ db: db(), actor: user, topicId: topic.id }) : [];
  const levels = (["junior", "middle", "senior"] as const).map((level) => ({ level, lessons: topic.lessons.filter((l) => l.level === level) }));
  return (
    <div className="space-y-6">
      <Breadcrumb trail={[{ href: "/topics", label: "Topics" }]} />
      <PageTitle>{topic.title}</PageTitle>
      <p className="text-lg text-[var(--fg-muted)]">{topic.description}</p>
      <p>
        {topic.title} appears in {topic.lessons.length} {topic.lessons.length === 1 ? "lesson" : "lessons"} and {topic.questionCount} questions.
      </p>
      {leeches.length > 0 && (
        <section aria-labelledby="leeches-heading">
          <h2 id="leeches-heading" className="mb-2 text-lg font-semibold">
            Your leeches on {topic.title}
          </h2>
          <p className="mb-2 text-sm text-[var(--fg-muted)]">Set aside after repeated lapses: reread the lesson, then bring the card back.</p>
          <LeechList leeches={leeches} />
        </section>
      )}
      {levels.map(({ level, lessons }) => (
        <section key={level} aria-labelledby={`level-${level}`}>
          <h2 id={`level-${level}`} className="mb-2 flex items-center gap-2 text-lg font-semibold capitalize">
            {level} <LevelBadge level={level} />
          </h2>
          {lessons.length === 0 ? (
            <p className="text-sm text-[var(--fg-muted)]">No {level} lesson covers this topic yet.</p>
          ) : (
            <ul className="space-y-2">
              {lessons.map((l) => (
                <li key={l.id} className="rounded-md border border-[var(--border)] p-3">
                  <Link href={`/lessons/${l.id}`} className="font-semibold hover:underline">
                    {l.title}
                  </Link>{" "}
                  <span className="text-sm text-[var(--fg-muted)]">in {l.course.title} · {l.readingMinutes} min</span>
                  <p className="text-sm text-[var(--fg-muted)]">{l.summary}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
