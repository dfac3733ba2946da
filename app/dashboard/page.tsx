import type { Metadata } from "next";
import { LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser("/dashboard");
  return (
    <div className="space-y-6">
      <PageTitle>Hello, {user.name}</PageTitle>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">Start with a lesson</h2>
        <p className="mb-4 text-[var(--fg-muted)]">Read a lesson and answer its questions: each answer becomes a card that comes back for review.</p>
        <LinkButton href="/courses">Browse the courses</LinkButton>
      </Card>
    </div>
  );
}
