import { getServerSession, type Account, type NextAuthOptions, type User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { safeCallbackUrl, siteOrigin } from "@/lib/safe-redirect";
import { clientAddressFrom } from "./client-address";
import { SESSION_USER_SELECT, liveSessionUser } from "./session-token";
import { signInWithProvider, type SignedInSession } from "./sign-in-with-provider";
import { identityFrom, ssoProviders } from "./sso-providers";
import { DISABLED_SIGNIN_ERROR, GENERIC_SIGNIN_ERROR, verifyCredentials } from "./verify-credentials";

export { DISABLED_SIGNIN_ERROR, GENERIC_SIGNIN_ERROR };

/** Thrown by the jwt callback for a token whose version is older than the user's: next-auth then clears the cookie. */
class RevokedSessionError extends Error {}

/**
 * Whoever is signed in while a provider's callback runs: signing in with a provider then links it to
 * them (Settings → Sign-in methods). A revoked session counts as none, so a browser holding a stale
 * cookie signs in as anyone else would; lib/auth/sign-in-with-provider.ts checks the version again
 * inside its transaction.
 */
async function currentSession(): Promise<SignedInSession | undefined> {
  const session = await getServerSession(base);
  const userId = session?.user?.id;
  if (typeof userId !== "string" || typeof session?.tokenVersion !== "number") return undefined;
  const user = await db().user.findUnique({ where: { id: userId }, select: SESSION_USER_SELECT });
  return liveSessionUser(user, session.tokenVersion) ? { userId, tokenVersion: session.tokenVersion } : undefined;
}

/** The token's user: the one the password matched, or the one the provider's identity is linked to (by the signIn callback). */
async function signInToken(token: JWT, user: User, account: Account | null): Promise<JWT> {
  if (account?.type !== "oauth") {
    token.uid = user.id;
    token.role = user.role;
    token.tv = user.tokenVersion;
    return token;
  }
  const linked = await db().account.findUnique({
    where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
    select: { user: { select: { id: true, name: true, email: true, role: true, tokenVersion: true } } },
  });
  if (!linked) throw new RevokedSessionError("identity not linked");
  token.uid = linked.user.id;
  token.role = linked.user.role;
  token.tv = linked.user.tokenVersion;
  // next-auth filled these from the provider's profile: the session shows the Recall account's own.
  token.name = linked.user.name;
  token.email = linked.user.email;
  delete token.picture;
  return token;
}

const base: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  // next-auth's own errors (a provider that failed, a refused callback) come back to the sign-in page.
  pages: { signIn: "/signin", error: "/signin" },
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
    ...ssoProviders(),
  ],
  callbacks: {
    // A provider's identity becomes a Recall user here, or is refused with a reason the sign-in page
    // (or Settings, when linking) explains. The password sign-in has already been checked in authorize.
    async signIn({ user, account }) {
      if (account?.type !== "oauth") return true;
      const signedIn = await currentSession();
      const result = await signInWithProvider({ db: db(), identity: identityFrom(user, account), signedIn });
      if (result.ok) return true;
      return signedIn ? `${siteOrigin()}/settings?sso=${result.reason}#sign-in-methods` : `${siteOrigin()}/signin?error=${result.reason}`;
    },
    jwt({ token, user, account }) {
      return user ? signInToken(token, user, account) : token;
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
    async jwt({ token, user, account }) {
      if (user) return signInToken(token, user, account);
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
