import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { publicUrl } from "@/lib/env";
import { exportAnkiDeck } from "@/lib/learners/export-anki-deck";
import { exportCardsJson, exportReviewsCsv } from "@/lib/learners/export-data";

/** The signed-in learner's own data: reviews.csv (FSRS optimizer layout), cards.json or cards.apkg (Anki). */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const { kind } = await params;
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in to export your data." }, { status: 401 });
  const stamp = new Date().toISOString().slice(0, 10);
  if (kind === "reviews.csv") {
    return new Response(await exportReviewsCsv({ db: db(), actor: user }), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="recall-reviews-${stamp}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  }
  if (kind === "cards.json") {
    return new Response(JSON.stringify(await exportCardsJson({ db: db(), actor: user }), null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="recall-cards-${stamp}.json"`,
        "Cache-Control": "no-store",
      },
    });
  }
  if (kind === "cards.apkg") {
    const now = new Date();
    const bytes = await exportAnkiDeck({ db: db(), actor: user, now, siteUrl: publicUrl() });
    return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Disposition": `attachment; filename="recall-cards-${stamp}.apkg"`,
        "Cache-Control": "no-store",
      },
    });
  }
  return NextResponse.json({ error: "Unknown export: use reviews.csv, cards.json or cards.apkg." }, { status: 404 });
}
