import Link from "next/link";
import { redirect } from "next/navigation";
import { LinkButton } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth/session";

export default async function HomePage() {
  const user = await getCurrentUser();
  if (user) redirect("/dashboard");
  return (
    <div className="space-y-12 py-6">
      <section className="max-w-3xl space-y-5">
        <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">Learn an engineering subject for good.</h1>
        <p className="text-lg text-[var(--fg-muted)]">
          Recall&apos;s lessons carry their own questions. Every question you answer becomes a card that comes back —
          scheduled by FSRS — just before you would forget it, until it stays.
        </p>
        <div className="flex flex-wrap gap-3">
          <LinkButton href="/signup">Start learning</LinkButton>
          <LinkButton href="/courses" variant="secondary">
            Browse the courses
          </LinkButton>
        </div>
      </section>
      <section aria-labelledby="how" className="grid gap-4 sm:grid-cols-3">
        <h2 id="how" className="sr-only">
          How it works
        </h2>
        {[
          ["Read", "Short lessons on observability and resilience, with figures checked against the specifications."],
          ["Answer", "Multiple choice, free recall and numeric estimates, right where the idea is taught."],
          ["Review", "A daily session brings back what you are about to forget, most-forgotten first."],
        ].map(([title, text]) => (
          <div key={title} className="rounded-lg border border-[var(--border)] p-5">
            <h3 className="mb-1 font-semibold">{title}</h3>
            <p className="text-sm text-[var(--fg-muted)]">{text}</p>
          </div>
        ))}
      </section>
      <p className="text-sm text-[var(--fg-muted)]">
        Already learning? <Link href="/signin" className="underline">Sign in</Link>.
      </p>
    </div>
  );
}
