import { signOut } from "next-auth/react";

/**
 * Signs out, then goes to `path` on the host the browser is on. next-auth alone would send the
 * browser to NEXTAUTH_URL's host (from 127.0.0.1:3000 to localhost:3000, where it has no cookies).
 */
export async function signOutTo(path: "/" | "/signin"): Promise<void> {
  await signOut({ redirect: false });
  window.location.assign(path);
}
