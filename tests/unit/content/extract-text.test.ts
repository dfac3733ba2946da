import { describe, expect, it } from "vitest";
import { extractLesson } from "@/lib/content/extract";

const lesson = `---
title: Text of a lesson
---

# Fields of the header

| Field | Bytes |
| --- | --- |
| version | 1 |
| trace-id | 16 |

<MultipleChoice id="demo.carry" topics={["w3c-trace-context"]}>
  <Prompt>
  Which traceparent does that call carry?

  \`\`\`http
  traceparent: cc-97d5ec445974fdb99328bc915e6bfa0a-0dccce9c9c8add99-09
  tracestate: acme=s:1
  \`\`\`
  </Prompt>
  <Choice correct explanation="Right.">The first</Choice>
  <Choice explanation="Wrong.">The second</Choice>
</MultipleChoice>
`;

describe("text extracted for search and reports", () => {
  const result = extractLesson(lesson, "demo.mdx", "demo");

  it("reads a GFM table as its cells' text, without pipes or the delimiter row", () => {
    expect(result.plainText).toContain("Field Bytes version 1 trace-id 16");
    expect(result.plainText).not.toMatch(/\||---/);
  });

  it("keeps a prompt's code block on its own lines, apart from the sentence before it", () => {
    expect(result.questions[0]?.prompt).toBe(
      "Which traceparent does that call carry?\ntraceparent: cc-97d5ec445974fdb99328bc915e6bfa0a-0dccce9c9c8add99-09\ntracestate: acme=s:1",
    );
  });

  it("leaves a one-line prompt as it is", () => {
    const one = extractLesson(
      `<FreeRecall id="demo.one" prompt="What is a span?" topics={["spans"]}>\n  <Answer>A timed operation.</Answer>\n  <KeyPoint keywords={["operation"]}>An operation</KeyPoint>\n</FreeRecall>\n`,
      "one.mdx",
      "demo",
    );
    expect(one.questions[0]?.prompt).toBe("What is a span?");
  });
});
