import { describe, expect, it } from "vitest";
import { questionsHtml, storedQuestionHtml } from "@/lib/anki/html";

const SITE = { siteUrl: "https://recall.example" };

const LESSON = `---
title: Test
---

# Heading

<MultipleChoice id="t.header" topics={["w3c"]}>
  <Prompt>
  Which header is **valid**? See [head sampling](/lessons/head-sampling).

  \`\`\`http
  traceparent: 00-<id>-01
  second line
  \`\`\`
  </Prompt>
  <Choice correct explanation="Lowercase hex & the right length.">\`00-abc-01\`</Choice>
  <Choice explanation={"Upper case <is> rejected."}>Header 2</Choice>
</MultipleChoice>

<FreeRecall id="t.recall" prompt="Why keep the parent id?">
  <Answer>So the receiver can link its span to the caller's.</Answer>
  <KeyPoint keywords={["parent"]}>It names the **calling** span</KeyPoint>
</FreeRecall>

<Estimate id="t.estimate" prompt="How many bytes is a trace id?" answer={16} unit="bytes" tolerance={0.1}>
  <Solution>32 hex characters, 2 per byte: \`32 / 2\`.</Solution>
</Estimate>
`;

describe("a question's parts as HTML for Anki", () => {
  const html = questionsHtml(LESSON, SITE);

  it("renders a code block in the prompt as <pre><code> with its line breaks and escaped content", () => {
    expect(html.get("t.header")?.prompt).toContain('<pre><code class="language-http">traceparent: 00-&lt;id&gt;-01\nsecond line</code></pre>');
  });

  it("leaves no raw MDX: no component tags, no braces, and markdown becomes HTML", () => {
    const all = [...html.values()].flatMap((q) => [q.prompt, q.answer, q.explanation]).join("\n");
    expect(all).not.toMatch(/<(Prompt|Choice|Answer|KeyPoint|Solution|MultipleChoice)\b|\{\[|\*\*/);
    expect(html.get("t.header")?.prompt).toContain("<strong>valid</strong>");
  });

  it("makes a site link absolute, since /lessons/x means nothing inside Anki", () => {
    expect(html.get("t.header")?.prompt).toContain('<a href="https://recall.example/lessons/head-sampling">head sampling</a>');
  });

  it("lists the choices under the prompt, the correct ones as the answer, and every explanation escaped", () => {
    const q = html.get("t.header")!;
    expect(q.prompt).toContain('<ol type="A"><li><code>00-abc-01</code></li><li>Header 2</li></ol>');
    expect(q.answer).toBe("<ul><li>A. <code>00-abc-01</code></li></ul>");
    expect(q.explanation).toBe("<ul><li>A: Lowercase hex &amp; the right length.</li><li>B: Upper case &lt;is&gt; rejected.</li></ul>");
  });

  it("gives a free recall its model answer and key points, and an estimate its value, unit, tolerance and solution", () => {
    expect(html.get("t.recall")).toEqual({
      prompt: "<p>Why keep the parent id?</p>",
      answer: "<p>So the receiver can link its span to the caller's.</p>",
      explanation: "<p>Key points:</p><ul><li>It names the <strong>calling</strong> span</li></ul>",
    });
    expect(html.get("t.estimate")).toEqual({
      prompt: "<p>How many bytes is a trace id?</p>",
      answer: "<p>16 bytes (within ±10%)</p>",
      explanation: "<p>32 hex characters, 2 per byte: <code>32 / 2</code>.</p>",
    });
  });

  it("gives nothing for a lesson that does not parse, so the caller falls back on the stored text", () => {
    expect(questionsHtml("<MultipleChoice id=", SITE).size).toBe(0);
  });
});

describe("the fallback from the stored question", () => {
  it("escapes the stored text and keeps the choices, the answer and the explanations", () => {
    const q = storedQuestionHtml({
      prompt: "Is <b> allowed?",
      payload: { kind: "MULTIPLE_CHOICE", multiple: false, choices: [{ id: "a", text: "No", correct: true, explanation: "Escaped." }, { id: "b", text: "Yes", correct: false, explanation: "Never." }] },
    });
    expect(q).toEqual({
      prompt: '<p>Is &lt;b&gt; allowed?</p><ol type="A"><li>No</li><li>Yes</li></ol>',
      answer: "<ul><li>A. No</li></ul>",
      explanation: "<ul><li>A: Escaped.</li><li>B: Never.</li></ul>",
    });
  });
});
