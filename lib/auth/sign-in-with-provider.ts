import type { Db } from "@/lib/db/client";

/** What a provider told Recall about its user, reduced to what Recall uses (lib/auth/sso-providers.ts). */
export interface ProviderIdentity {
  /** Recall's id of the provider: "oidc", "github", "google". */
  provider: string;
  /** The provider's stable subject for its user (`sub`, GitHub's numeric id). */
  providerAccountId: string;
  email: string | null;
  /** True only when the provider vouches that the address is its user's (`email_verified`, GitHub's verified primary). */
  emailVerified: boolean;
  name: string | null;
}

/** The session of whoever is signed in while signing in with a provider: the identity is linked to them. */
export interface SignedInSession {
  userId: string;
  tokenVersion: number;
}

export type SsoRefusal =
  /** An account has this email and the provider does not vouch for the address: it could be anyone's. */
  | "email-taken"
  /** No account has this email and the provider does not vouch for it: nothing is created. */
  | "email-unverified"
  | "no-email"
  | "disabled"
  /** Linking from settings: the identity already belongs to another account. */
  | "linked-elsewhere"
  /** Linking from settings with a session that has ended. */
  | "session-ended";

export type SsoResult =
  | { ok: true; userId: string; outcome: "signed-in" | "linked" | "created" }
  | { ok: false; reason: SsoRefusal };

export const SSO_REFUSAL_MESSAGES: Record<SsoRefusal, string> = {
  "email-taken": "An account with this email already exists. Sign in with your password, then link this sign-in method from Settings.",
  "email-unverified": "Your account there has not confirmed its email address, so Recall cannot use it. Confirm the address with that provider, or create an account with a password.",
  "no-email": "That provider did not share an email address with Recall. Allow Recall to see your email there, or create an account with a password.",
  disabled: "This account is disabled. Ask an admin of this site to enable it.",
  "linked-elsewhere": "That sign-in is already linked to another Recall account.",
  "session-ended": "Your session has ended. Sign in again, then link from Settings.",
};

const NAME_MAX = 100;

function nameFor(identity: ProviderIdentity, email: string): string {
  const name = identity.name?.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (name || email.split("@")[0]).slice(0, NAME_MAX);
}

/**
 * Turns a provider's identity into a Recall user, by these rules (docs/decisions/028-single-sign-on.md):
 * - an identity already linked signs its user in (unless the account is disabled);
 * - signed in already (linking from Settings), the identity is linked to that user;
 * - else an account with the same email is linked only if the provider vouches for the address; if that
 *   account's own address was never verified, its password (which whoever made the account chose) is
 *   removed and its sessions ended, so no one who pre-registered someone else's address keeps a way in;
 * - else a new LEARNER is made, only for a vouched address, marked verified. A role is never taken
 *   from the provider.
 * Identity and email are locked (advisory, in that order) for the transaction: two first sign-ins
 * arriving together make one user and one link.
 */
export async function signInWithProvider({ db, identity, signedIn, now = new Date() }: { db: Db; identity: ProviderIdentity; signedIn?: SignedInSession; now?: Date }): Promise<SsoResult> {
  const email = identity.email?.trim().toLowerCase() || null;
  const key = { provider: identity.provider, providerAccountId: identity.providerAccountId };
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sso:identity:${key.provider}:${key.providerAccountId}`}, 0))`;
    const linked = await tx.account.findUnique({ where: { provider_providerAccountId: key }, select: { user: { select: { id: true, disabledAt: true } } } });
    if (linked) {
      if (signedIn && signedIn.userId !== linked.user.id) return { ok: false, reason: "linked-elsewhere" };
      if (linked.user.disabledAt) return { ok: false, reason: "disabled" };
      return { ok: true, userId: linked.user.id, outcome: "signed-in" };
    }

    if (signedIn) {
      const user = await tx.user.findUnique({ where: { id: signedIn.userId }, select: { tokenVersion: true, disabledAt: true } });
      if (!user || user.tokenVersion !== signedIn.tokenVersion || user.disabledAt) return { ok: false, reason: "session-ended" };
      await tx.account.create({ data: { ...key, userId: signedIn.userId, createdAt: now } });
      return { ok: true, userId: signedIn.userId, outcome: "linked" };
    }

    if (!email) return { ok: false, reason: "no-email" };
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sso:email:${email}`}, 0))`;
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true, disabledAt: true, emailVerifiedAt: true } });
    if (existing) {
      // Refused without saying more: whoever holds an unvouched address may not learn the account is disabled.
      if (!identity.emailVerified) return { ok: false, reason: "email-taken" };
      if (existing.disabledAt) return { ok: false, reason: "disabled" };
      await tx.account.create({ data: { ...key, userId: existing.id, createdAt: now } });
      if (!existing.emailVerifiedAt) {
        await tx.user.update({ where: { id: existing.id }, data: { emailVerifiedAt: now, passwordHash: null, tokenVersion: { increment: 1 } } });
      }
      return { ok: true, userId: existing.id, outcome: "linked" };
    }

    if (!identity.emailVerified) return { ok: false, reason: "email-unverified" };
    const created = await tx.user.create({
      data: { email, name: nameFor(identity, email), passwordHash: null, role: "LEARNER", emailVerifiedAt: now, createdAt: now, accounts: { create: { ...key, createdAt: now } } },
      select: { id: true },
    });
    return { ok: true, userId: created.id, outcome: "created" };
  });
}
