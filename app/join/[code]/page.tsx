import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ConfirmEmailBanner } from "@/components/account/confirm-email-banner";
import { Alert, Card, PageTitle } from "@/components/ui/card";
import { requestAddress } from "@/lib/http/request-address";
import { getCurrentUser } from "@/lib/auth/session";
import { previewCohort } from "@/lib/cohorts/membership";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { pathParam } from "@/lib/http/params";
import { isEmailVerified } from "@/lib/learners/verify-email";
import { JoinFromLinkButton } from "../../cohorts/forms";

export const metadata: Metadata = { title: "Join a cohort" };

/** A join link: a new visitor signs up (or in) and comes back here; then one click joins. */
export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const code = pathParam((await params).code);
  const here = `/join/${encodeURIComponent(code)}`;
  const user = await getCurrentUser();
  if (!user) redirect(`/signup?callbackUrl=${encodeURIComponent(here)}`);
  const address = await requestAddress();
  let preview;
  try {
    preview = await previewCohort({ db: db(), actor: user, code, address });
  } catch (e) {
    if (!isAppError(e)) throw e;
    return (
      <div className="mx-auto max-w-lg space-y-4">
        <PageTitle>Join a cohort</PageTitle>
        <Alert>{e.message}</Alert>
        <p>
          <Link href="/cohorts" className="underline">
            Enter a code by hand
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <PageTitle>Join {preview.name}</PageTitle>
      <Card className="space-y-3">
        <p>
          Run by {preview.instructors.join(", ") || "an instructor"} · {preview.learners} learner{preview.learners === 1 ? "" : "s"}
        </p>
        <p>Courses: {preview.courses.join(", ")}</p>
        <p className="text-sm text-[var(--fg-muted)]">
          Its instructors will see your progress in these courses (lessons read, cards, reviews, retention), including what you did in
          them before joining, and in any course they add to the cohort later; nothing else of yours. You can leave at any time.
        </p>
        {preview.alreadyMember ? (
          <Alert kind="info">
            You are already in this cohort. <Link href="/cohorts" className="underline">See your cohorts</Link>
          </Alert>
        ) : (await isEmailVerified({ db: db(), actor: user })) ? (
          <JoinFromLinkButton code={code} />
        ) : (
          <ConfirmEmailBanner email={user.email} reason="Joining a cohort needs it: follow the link, then come back to this page." />
        )}
      </Card>
    </div>
  );
}
