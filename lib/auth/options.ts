import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { verifyPassword, verifyAgainstDummy } from "./password";
import { SIGNIN_PER_ADDRESS, SIGNIN_PER_EMAIL, checkLimit, clearHits, minutesUntil, recordHit } from "./rate-limit";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

export const GENERIC_SIGNIN_ERROR = "Wrong email or password.";
export const DISABLED_SIGNIN_ERROR = "This account is disabled. Ask an admin of this site to enable it.";

function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(",")[0];
  return first?.trim() || "local";
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new Error(GENERIC_SIGNIN_ERROR);
        const { email, password } = parsed.data;
        const prisma = db();
        const emailKey = `signin:email:${email}`;
        const addressKey = `signin:ip:${clientAddress(req?.headers)}`;
        for (const [key, limit, who] of [
          [emailKey, SIGNIN_PER_EMAIL, "this email"],
          [addressKey, SIGNIN_PER_ADDRESS, "this network address"],
        ] as const) {
          const state = await checkLimit(prisma, key, limit);
          if (state.limited && state.retryAt) {
            throw new Error(
              `Too many failed sign-ins for ${who}. Sign-in is paused; try again in ${minutesUntil(state.retryAt)} minutes.`,
            );
          }
        }
        const user = await prisma.user.findUnique({ where: { email } });
        const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstDummy(password), false);
        if (!user || !ok) {
          await recordHit(prisma, emailKey);
          await recordHit(prisma, addressKey);
          throw new Error(GENERIC_SIGNIN_ERROR);
        }
        await clearHits(prisma, emailKey);
        // Said only to whoever knows the password: to anyone else a disabled account is a wrong password.
        if (user.disabledAt) throw new Error(DISABLED_SIGNIN_ERROR);
        return { id: user.id, email: user.email, name: user.name, role: user.role, tokenVersion: user.tokenVersion };
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
  },
};
