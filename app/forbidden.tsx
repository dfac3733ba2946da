import { LinkButton } from "@/components/ui/button";
import { PageTitle } from "@/components/ui/card";

export default function Forbidden() {
  return (
    <div className="space-y-4 py-10">
      <PageTitle>Not allowed</PageTitle>
      <p className="text-[var(--fg-muted)]">Your account does not have access to this page.</p>
      <LinkButton href="/">Go home</LinkButton>
    </div>
  );
}
