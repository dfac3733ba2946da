"use client";

import { getSession, signOut } from "next-auth/react";
import { clearOfflineData } from "@/components/review/offline-store";
import { sendQueuedAnswers } from "@/components/review/send-queued-answers";

/**
 * Signs out, forgets what the review session kept on this device, then goes to `path` on the host the
 * browser is on. The answers still waiting are sent first, under the session that gave them; any the
 * server refuses now are dropped, so the next person to use this browser sees none of them. next-auth
 * alone would send the browser to NEXTAUTH_URL's host (from 127.0.0.1:3000 to localhost:3000, where it
 * has no cookies).
 */
export async function signOutTo(path: "/" | "/signin"): Promise<void> {
  try {
    const session = await getSession();
    if (session?.user.id) await sendQueuedAnswers({ userId: session.user.id });
    await clearOfflineData();
  } catch (e) {
    console.warn("Could not send or clear the offline review data:", e);
  }
  await signOut({ redirect: false });
  window.location.assign(path);
}
