import { NextResponse } from "next/server";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { shiftLearnerTime } from "@/lib/reviews/shift-time";

const body = z.object({ days: z.number().min(0).max(3650) });

// End-to-end tests move the signed-in learner's clock with this. It exists only in a test build
// (RECALL_TEST_BUILD=1, next.config.mjs): a real build has no such route.
export async function POST(request: Request) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return NextResponse.json({ error: "Send { days: number }." }, { status: 400 });
  await shiftLearnerTime({ db: db(), actor: user, days: parsed.data.days });
  return NextResponse.json({ ok: true });
}
