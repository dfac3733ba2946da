import { requireActiveUser, type Actor } from "./actor";
import type { Db } from "@/lib/db/client";
import { ssoProviderList, type SsoProviderInfo } from "./sso-providers";

export interface SignInMethods {
  hasPassword: boolean;
  /** Identities linked to the account; `name` is the provider's label, or its id if it is no longer configured. */
  linked: { provider: string; name: string; linkedAt: Date }[];
  /** Configured providers not linked yet: signing in with one from Settings links it. */
  linkable: SsoProviderInfo[];
}

/** The ways the user can sign in, for Settings. */
export async function listSignInMethods({ db, actor, providers = ssoProviderList() }: { db: Db; actor: Actor; providers?: SsoProviderInfo[] }): Promise<SignInMethods> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { passwordHash: true, accounts: { select: { provider: true, createdAt: true }, orderBy: { createdAt: "asc" } } },
  });
  const nameOf = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  return {
    hasPassword: user.passwordHash !== null,
    // One line per provider: linking twice at one provider (two GitHub accounts) shows the first.
    linked: user.accounts
      .filter((a, i) => user.accounts.findIndex((b) => b.provider === a.provider) === i)
      .map((a) => ({ provider: a.provider, name: nameOf(a.provider), linkedAt: a.createdAt })),
    linkable: providers.filter((p) => !user.accounts.some((a) => a.provider === p.id)),
  };
}
