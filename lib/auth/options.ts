import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { clientAddressFrom } from "./client-address";
import { DISABLED_SIGNIN_ERROR, GENERIC_SIGNIN_ERROR, verifyCredentials } from "./verify-credentials";

export { DISABLED_SIGNIN_ERROR, GENERIC_SIGNIN_ERROR };

/** Thrown by the jwt callback for a token whose version is older than the user's: next-auth then clears the cookie. */
class RevokedSessionError extends Error {}

const base: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        try {
          return await verifyCredentials({ db: db(), input: raw, address: clientAddressFrom(req?.headers) });
        } catch (e) {
          // next-auth shows an Error's message to the form; anything unexpected stays generic.
          if (isAppError(e)) throw new Error(e.message);
          console.error("Sign-in failed", e);
          throw new Error(GENERIC_SIGNIN_ERROR);
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.tv = user.tokenVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, id: token.uid, role: token.role };
      session.tokenVersion = token.tv;
      return session;
    },
    // Every place next-auth sends the browser to is reduced to a path on this site.
    redirect({ url, baseUrl }) {
      return new URL(safeCallbackUrl(url, "/", baseUrl), baseUrl).href;
    },
  },
  logger: {
    error(code, metadata) {
      // A revoked session is an expected answer (no session), not an error worth a stack trace.
      if (metadata instanceof RevokedSessionError || (metadata as { error?: unknown } | undefined)?.error instanceof RevokedSessionError) return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
    warn(code) {
      console.warn(`[next-auth][warn][${code}]`);
    },
    debug() {},
  },
};

/**
 * For next-auth's own routes (/api/auth/session above all): a token issued before the user's
 * tokenVersion moved on (password changed, signed out everywhere, account disabled or deleted) gets no session
 * and its cookie is cleared; a live one gets the current role.
 */
export const authOptions: NextAuthOptions = {
  ...base,
  callbacks: {
    ...base.callbacks,
    async jwt({ token, user }) {
      if (user) return base.callbacks!.jwt!({ token, user } as Parameters<NonNullable<NonNullable<NextAuthOptions["callbacks"]>["jwt"]>>[0]);
      if (typeof token.uid !== "string") throw new RevokedSessionError("session without a user");
      const current = await db().user.findUnique({ where: { id: token.uid }, select: { role: true, tokenVersion: true, disabledAt: true } });
      if (!current || current.tokenVersion !== token.tv || current.disabledAt) throw new RevokedSessionError("session revoked");
      token.role = current.role;
      return token;
    },
  },
};

/** For getCurrentUser(), which loads the user and checks the version itself: one read per request, not two. */
export const authOptionsForServerSession: NextAuthOptions = base;
