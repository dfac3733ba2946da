"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { completeLesson } from "@/lib/reviews/lesson-state";
import { isPlainText } from "@/lib/text";

const input = z.object({ lessonId: z.string().min(1).max(200).refine(isPlainText) });

export async function markLessonReadAction(raw: { lessonId: string }): Promise<{ ok: boolean; message?: string }> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { ok: false, message: "Unknown lesson." };
  const user = await getCurrentUser();
  if (!user) return { ok: false, message: "Sign in to keep your place in this lesson." };
  const ok = await completeLesson({ db: db(), actor: user, lessonId: parsed.data.lessonId });
  revalidatePath(`/lessons/${parsed.data.lessonId}`);
  return ok ? { ok: true } : { ok: false, message: "Unknown lesson." };
}
