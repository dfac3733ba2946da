import type { ReactNode } from "react";

export function figureAnchor(id: string): string {
  return `fig-${id}`;
}

/**
 * A named figure of the lesson (a trace, a table, a code block). Questions that need it say
 * <Context figure="id" />: the review session then shows it above their prompt, while the lesson,
 * which already shows it here, links to it instead of repeating it.
 */
export function Figure({ id, caption, children }: { id: string; caption: string; children?: ReactNode }) {
  const titleId = `${figureAnchor(id)}-title`;
  return (
    <div id={figureAnchor(id)} role="group" aria-labelledby={titleId} className="my-6 scroll-mt-20" data-figure-id={id}>
      <p id={titleId} className="!mb-1 text-sm font-semibold text-[var(--fg-muted)]">
        Figure: {caption}
      </p>
      {children}
    </div>
  );
}
