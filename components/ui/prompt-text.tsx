/**
 * A question's prompt as stored (plain text, one line per block of the source: a sentence, then its
 * code), shortened to `maxChars` and shown with its line breaks so code never runs into the prose.
 */
export function PromptText({ text, maxChars }: { text: string; maxChars: number }) {
  const short = text.length > maxChars ? `${text.slice(0, maxChars - 1).trimEnd()}…` : text;
  return <span className="whitespace-pre-line break-words">{short}</span>;
}
