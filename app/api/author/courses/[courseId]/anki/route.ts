import { NextResponse } from "next/server";
import { exportCourseDeck } from "@/lib/authoring/export-course-deck";
import { getCurrentUser } from "@/lib/auth/session";
import { publicUrl } from "@/lib/env";
import { isAppError } from "@/lib/errors";

/** A whole course as an Anki package, for authors: 401 signed out, 403 not an author, 404 no such course. */
export async function GET(request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in to export a course." }, { status: 401 });
  try {
    const { bytes } = await exportCourseDeck({ actor: user, courseId, now: new Date(), siteUrl: publicUrl() });
    return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Disposition": `attachment; filename="recall-${courseId}.apkg"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (isAppError(e)) return NextResponse.json({ error: e.message }, { status: e.status });
    throw e;
  }
}
