// Decks for Anki from the browser: the learner downloads their cards from /settings and the author a
// whole course from its page; each file is opened with SQLite and checked against what the app holds.
import type { Download } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openApkg } from "../helpers/anki";
import { expectAccessible, useBrowser } from "./helpers/browser";
import { answerGood, signedInAs } from "./helpers/users";

const browser = useBrowser();

async function bytesOf(download: Download): Promise<Uint8Array> {
  const chunks = await (await download.createReadStream()).toArray();
  return new Uint8Array(Buffer.concat(chunks));
}

describe("decks for Anki", () => {
  it("gives the learner a package from /settings with one note per card and the memory state of every reviewed card", async () => {
    const { page } = await signedInAs(browser(), "LEARNER", { width: 375 });
    await answerGood(page, ["context-propagation.uppercase-trace-id", "context-propagation.mask-flags", "context-propagation.baggage-pii"]);
    await page.goto("/settings");
    await expectAccessible(page);
    const cards = (await (await page.request.fetch("/api/me/export/cards.json")).json()) as {
      cards: { questionId: string; state: string; stability: number; suspended: boolean }[];
    };
    expect(cards.cards.length).toBeGreaterThan(0);

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Cards for Anki (.apkg)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^recall-cards-\d{4}-\d{2}-\d{2}\.apkg$/);
    const pkg = await openApkg(await bytesOf(file));
    expect(pkg.rows<{ n: number }>("SELECT count(*) AS n FROM notes")[0].n).toBe(cards.cards.length);
    const ankiCards = pkg.rows<{ type: number; data: string }>("SELECT type, data FROM cards");
    const reviewed = cards.cards.filter((c) => c.state !== "NEW").length;
    expect(ankiCards.filter((c) => c.type !== 0).length).toBe(reviewed);
    for (const c of ankiCards.filter((c) => c.type !== 0)) expect(Object.keys(JSON.parse(c.data)).sort()).toEqual(["d", "decay", "dr", "lrt", "s"]);
    const lessonLinks = pkg.rows<{ flds: string }>("SELECT flds FROM notes").map((n) => n.flds.split("\x1f")[3]);
    for (const link of lessonLinks) expect(link).toMatch(/^<a href="http:\/\/[^"]+\/lessons\/[a-z0-9-]+">/);
    pkg.close();
    await page.context().close();
  });

  it("gives the author the whole course from its page, every question a new card", async () => {
    const { page } = await signedInAs(browser(), "AUTHOR");
    await page.goto("/author/courses/observability");
    await expectAccessible(page);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the course for Anki (.apkg)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("recall-observability.apkg");
    const pkg = await openApkg(await bytesOf(file));
    const notes = pkg.rows<{ tags: string; flds: string }>("SELECT tags, flds FROM notes");
    expect(notes.length).toBeGreaterThan(5);
    expect(notes.every((n) => n.tags.includes(" course::observability "))).toBe(true);
    expect(notes.some((n) => n.flds.includes("<pre><code"))).toBe(true);
    expect(pkg.rows<{ n: number }>("SELECT count(*) AS n FROM cards WHERE type <> 0")[0].n).toBe(0);
    pkg.close();
    await page.context().close();
  });
});
