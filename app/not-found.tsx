import { LinkButton } from "@/components/ui/button";
import { PageTitle } from "@/components/ui/card";

export default function NotFound() {
  return (
    <div className="space-y-4 py-10">
      <PageTitle>Not found</PageTitle>
      <p className="text-[var(--fg-muted)]">There is nothing at this address, or it is not yours to see.</p>
      <LinkButton href="/">Go home</LinkButton>
    </div>
  );
}
