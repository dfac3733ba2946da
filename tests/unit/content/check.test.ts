// One test per content:check rule: each builds a small content tree in a temp folder, breaks one
// thing, and expects the problem at the right file and line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadContent, type Problem } from "@/lib/content/load";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const TOPICS = [
  { id: "sampling", title: "Sampling", description: "Keeping some traces." },
  { id: "traces", title: "Traces", description: "Requests as span trees." },
];

const FRONT = (id: string, extra = "") => `---
id: ${id}
title: Lesson ${id}
level: junior
topics: [sampling]
summary: What ${id} teaches.
related: []
${extra}---
`;

const GOOD_MC = (id: string) => `<MultipleChoice id="${id}" prompt="Which is right?" topics={["sampling"]}>
  <Choice correct explanation="Because.">Right one</Choice>
  <Choice explanation="Not so.">Wrong one</Choice>
</MultipleChoice>
`;

function tree(lessons: Record<string, string>, opts: { order?: string[]; topics?: unknown } = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "recall-content-"));
  dirs.push(root);
  writeFileSync(path.join(root, "topics.json"), JSON.stringify(opts.topics ?? TOPICS));
  const lessonsDir = path.join(root, "courses", "demo", "lessons");
  mkdirSync(lessonsDir, { recursive: true });
  writeFileSync(
    path.join(root, "courses", "demo", "course.json"),
    JSON.stringify({ id: "demo", title: "Demo", description: "A demo course.", lessons: opts.order ?? Object.keys(lessons) }),
  );
  for (const [id, body] of Object.entries(lessons)) writeFileSync(path.join(lessonsDir, `${id}.mdx`), body);
  return root;
}

async function problems(root: string): Promise<Problem[]> {
  return (await loadContent({ rootDir: root, compile: false })).problems;
}

function errorsOf(ps: Problem[]) {
  return ps.filter((p) => p.severity === "error").map((p) => `${path.basename(p.file)}:${p.line} ${p.message}`);
}

describe("content:check", () => {
  it("accepts a valid lesson and extracts its question", async () => {
    const root = tree({ one: FRONT("one") + "\n## Intro\n\nText.\n\n" + GOOD_MC("one.q1") });
    const content = await loadContent({ rootDir: root, compile: false });
    expect(errorsOf(content.problems)).toEqual([]);
    expect(content.questions).toHaveLength(1);
    expect(content.questions[0]).toMatchObject({ id: "one.q1", kind: "MULTIPLE_CHOICE", line: 14 });
  });

  it("reports frontmatter errors at the key's line", async () => {
    const root = tree({ one: FRONT("one").replace("level: junior", "level: expert") + GOOD_MC("one.q1") });
    expect(errorsOf(await problems(root))).toEqual([expect.stringMatching(/^one\.mdx:4 frontmatter level: level must be junior, middle or senior/)]);
  });

  it("reports a missing lesson file and a file missing from the course order", async () => {
    const root = tree({ one: FRONT("one") + GOOD_MC("one.q1") }, { order: ["one", "two"] });
    writeFileSync(path.join(root, "courses/demo/lessons/stray.mdx"), FRONT("stray") + GOOD_MC("stray.q"));
    const errs = errorsOf(await problems(root));
    expect(errs).toContainEqual(expect.stringMatching(/course\.json:1 lesson "two" is listed but .*two\.mdx does not exist/));
    expect(errs).toContainEqual(expect.stringMatching(/stray\.mdx:1 lesson file is not listed/));
  });

  it("reports duplicate question ids across lessons", async () => {
    const root = tree({ one: FRONT("one") + GOOD_MC("dup.q"), two: FRONT("two") + "\n\n" + GOOD_MC("dup.q") });
    expect(errorsOf(await problems(root))).toContainEqual(expect.stringMatching(/two\.mdx:11 duplicate question id "dup\.q" \(first at .*one\.mdx:9\)/));
  });

  it("reports unknown topics in frontmatter and on questions", async () => {
    const root = tree({
      one: FRONT("one").replace("topics: [sampling]", "topics: [sampling, nope]") + GOOD_MC("one.q").replace('topics={["sampling"]}', 'topics={["ghost"]}'),
    });
    const errs = errorsOf(await problems(root));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:5 unknown topic "nope"/));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:9 question "one\.q": unknown topic "ghost"/));
  });

  it("reports related lessons and internal links that do not resolve, including anchors", async () => {
    const root = tree({
      one: FRONT("one").replace("related: []", "related: [two, missing]") + "\n## Intro\n\nSee [two](/lessons/two#nowhere), [x](/lessons/ghost), [t](/topics/nope) and [ok](/lessons/two#setup).\n\n" + GOOD_MC("one.q"),
      two: FRONT("two") + "\n## Setup\n\n" + GOOD_MC("two.q"),
    });
    const errs = errorsOf(await problems(root));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:7 related lesson "missing" does not exist/));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:12 link "\/lessons\/two#nowhere": lesson "two" has no heading/));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:12 link "\/lessons\/ghost": no lesson "ghost"/));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:12 link "\/topics\/nope": unknown topic/));
    expect(errs.filter((e) => e.includes("#setup"))).toEqual([]);
  });

  it("rejects a multiple choice with fewer than two choices or no correct one", async () => {
    const root = tree({
      one:
        FRONT("one") +
        `<MultipleChoice id="one.single" prompt="?" topics={["sampling"]}>\n  <Choice correct explanation="x">Only</Choice>\n</MultipleChoice>\n\n` +
        `<MultipleChoice id="one.none" prompt="?" topics={["sampling"]}>\n  <Choice explanation="x">A</Choice>\n  <Choice explanation="y">B</Choice>\n</MultipleChoice>\n`,
    });
    const errs = errorsOf(await problems(root));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:9 multiple choice "one\.single" needs at least two/));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:13 multiple choice "one\.none" has no correct choice/));
  });

  it("rejects a free recall without answer or key points", async () => {
    const root = tree({ one: FRONT("one") + `<FreeRecall id="one.fr" prompt="Why?" topics={["sampling"]}>\n</FreeRecall>\n` });
    const errs = errorsOf(await problems(root));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:9 free recall "one\.fr" needs an <Answer>/));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:9 free recall "one\.fr" needs <KeyPoint> children/));
  });

  it("rejects an estimate without answer, unit or tolerance", async () => {
    const root = tree({ one: FRONT("one") + `<Estimate id="one.est" prompt="How many?" topics={["sampling"]}>\n  <Solution>Work.</Solution>\n</Estimate>\n` });
    const errs = errorsOf(await problems(root));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:9 estimate "one\.est" needs a numeric answer/));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:9 estimate "one\.est" needs a unit/));
    expect(errs).toContainEqual(expect.stringMatching(/one\.mdx:9 estimate "one\.est" needs tolerance/));
  });

  it("rejects non-static question props", async () => {
    const root = tree({ one: FRONT("one") + `<Estimate id="one.est" prompt="How many?" answer={10 * 86400} unit="s" tolerance={0.1} topics={["sampling"]}>\n  <Solution>Work.</Solution>\n</Estimate>\n` });
    expect(errorsOf(await problems(root))).toContainEqual(expect.stringMatching(/one\.mdx:9 <Estimate> prop "answer" must be a static literal/));
  });

  it("reports MDX that does not parse, with its line", async () => {
    const root = tree({ one: FRONT("one") + "\n## Fine\n\nText with a broken <Callout kind=\"note\">\n\n" + GOOD_MC("one.q") });
    const errs = errorsOf(await problems(root));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^one\.mdx:\d+ MDX does not parse/);
  });

  it("requires questions at the top level of the lesson", async () => {
    const root = tree({ one: FRONT("one") + `<Callout kind="note">\n\n${GOOD_MC("one.q")}\n</Callout>\n` });
    expect(errorsOf(await problems(root))).toContainEqual(expect.stringMatching(/must sit at the top level/));
  });

  it("warns (without failing) about style: no closing question, no topics, uneven choices, long prompts", async () => {
    const long = "x".repeat(310);
    const root = tree({
      one:
        FRONT("one") +
        `<MultipleChoice id="one.q" prompt="${long}">\n  <Choice correct explanation="a">A much, much longer choice that gives the game away</Choice>\n  <Choice explanation="b">No</Choice>\n</MultipleChoice>\n\n` +
        "## More\n\n" +
        "Text.\n\n".repeat(20),
    });
    const ps = await problems(root);
    expect(errorsOf(ps)).toEqual([]);
    const warnings = ps.filter((p) => p.severity === "warning").map((p) => p.message);
    expect(warnings).toContainEqual(expect.stringMatching(/no question in the last third/));
    expect(warnings).toContainEqual(expect.stringMatching(/has no topics/));
    expect(warnings).toContainEqual(expect.stringMatching(/differ greatly in length/));
    expect(warnings).toContainEqual(expect.stringMatching(/over 300/));
  });

  function located(ps: Problem[], severity: Problem["severity"]) {
    return ps.filter((p) => p.severity === severity).map((p) => `${path.basename(p.file)}:${p.line}:${p.column} ${p.message}`);
  }

  it("errors, at the word's line and column, on a prompt that points at a figure it does not carry or at the lesson", async () => {
    const root = tree({
      one:
        FRONT("one") +
        `<Estimate id="one.est" prompt="In the trace above, how long is the gap?" answer={126} unit="ms" tolerance={0.05} topics={["traces"]}>\n  <Solution>330 − 204.</Solution>\n</Estimate>\n\n` +
        `<FreeRecall id="one.fr" topics={["traces"]}>\n  <Prompt>\n\n  Using the worked example, say why.\n\n  </Prompt>\n  <Answer>Because.</Answer>\n  <KeyPoint keywords={["because"]}>Because</KeyPoint>\n</FreeRecall>\n`,
    });
    const errs = located(await problems(root), "error");
    expect(errs).toContainEqual(expect.stringMatching(/^one\.mdx:9:35 question "one\.est": the prompt says "the trace above" and refers to something it does not carry/));
    expect(errs).toContainEqual(expect.stringMatching(/^one\.mdx:16:9 question "one\.fr": the prompt says "the worked example" and points at the lesson/));
  });

  it("accepts a figure reference when the question carries the figure, and rejects a context naming no figure", async () => {
    const waterfall = `<TraceWaterfall spans={[{ id: "a", parent: null, service: "s", operation: "op", start: 0, duration: 10 }]} />`;
    const root = tree({
      one:
        FRONT("one") +
        `<Figure id="checkout" caption="One checkout request">\n\n${waterfall}\n\n</Figure>\n\n` +
        `<Estimate id="one.ok" prompt="In the trace above, how long is the root span?" answer={10} unit="ms" tolerance={0.05} topics={["traces"]}>\n  <Context figure="checkout" />\n  <Solution>It lasts 10 ms.</Solution>\n</Estimate>\n\n` +
        `<MultipleChoice id="one.inline" prompt="What does the table say?" topics={["traces"]}>\n  <Context>\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n  </Context>\n  <Choice correct explanation="x">b is 2</Choice>\n  <Choice explanation="y">b is 1</Choice>\n</MultipleChoice>\n\n` +
        `<Estimate id="one.ghost" prompt="How long is the root span in the trace above?" answer={10} unit="ms" tolerance={0.05} topics={["traces"]}>\n  <Context figure="nowhere" />\n  <Solution>It lasts 10 ms.</Solution>\n</Estimate>\n`,
    });
    const errs = located(await problems(root), "error");
    expect(errs).toEqual([expect.stringMatching(/^one\.mdx:\d+:3 question "one\.ghost": <Context figure="nowhere" \/> names no <Figure id="nowhere">/)]);
  });

  it("errors when an estimate's tolerance accepts a value listed in rejects, and accepts rejects it excludes", async () => {
    const estimate = (id: string, tolerance: string, rejects: string) =>
      `<Estimate id="one.${id}" prompt="How many spans per second are kept?" answer={266} unit="spans/s" tolerance={${tolerance}} rejects={${rejects}} topics={["sampling"]}>\n  <Solution>Work.</Solution>\n</Estimate>\n\n`;
    const root = tree({ one: FRONT("one") + estimate("loose", "0.1", "[280]") + estimate("tight", "0.03", "[280]") + estimate("bad", "0.03", '["lots"]') });
    const errs = located(await problems(root), "error");
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^one\.mdx:9:\d+ estimate "one\.loose": the tolerance \(±10% of 266\) accepts 280, which it should reject/);
    expect(errs[1]).toMatch(/^one\.mdx:17:\d+ estimate "one\.bad": rejects=\{\[…\]\} must be a non-empty list of numbers/);
  });

  it("warns when a correct choice is the longest by 1.3× or more, and not when it is not", async () => {
    const mc = (id: string, right: string, wrong: string) =>
      `<MultipleChoice id="one.${id}" prompt="Which is right?" topics={["sampling"]}>\n  <Choice correct explanation="a">${right}</Choice>\n  <Choice explanation="b">${wrong}</Choice>\n</MultipleChoice>\n\n`;
    const root = tree({
      one: FRONT("one") + mc("giveaway", "Keep it for thirty seconds, then decide", "Drop it right away") + mc("even", "Keep it for thirty seconds", "Drop it after ten seconds"),
    });
    const warnings = located(await problems(root), "warning").filter((w) => w.includes("longest"));
    expect(warnings).toEqual([expect.stringMatching(/^one\.mdx:9:1 multiple choice "one\.giveaway": the correct choice is the longest by 2\.17×/)]);
  });

  it("reports braces in lesson or question text, which MDX runs as JavaScript, at their line", async () => {
    const root = tree({
      one:
        FRONT("one") +
        "\nName it GET /carts/{cartId}.\n\n" +
        `<FreeRecall id="one.fr" prompt="What is the name?" topics={["traces"]}>\n  <Answer>GET /carts/{cartId}</Answer>\n  <KeyPoint keywords={["{cartid}"]}>The \`{cartId}\` template</KeyPoint>\n</FreeRecall>\n`,
    });
    const errs = located(await problems(root), "error");
    expect(errs).toEqual([
      expect.stringMatching(/^one\.mdx:10:\d+ "\{cartId\}" is a JavaScript expression in MDX/),
      expect.stringMatching(/^one\.mdx:13:\d+ "\{cartId\}" is a JavaScript expression in MDX/),
    ]);
  });
});
