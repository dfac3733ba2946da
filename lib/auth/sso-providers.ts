import type { Account, User } from "next-auth";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env, type Env } from "@/lib/env";
import type { ProviderIdentity } from "./sign-in-with-provider";

// Single sign-on providers, each on when its variables are set (lib/env.ts refuses a half-configured
// one). Every provider's profile is reduced to the same SsoProfile, with `emailVerified` saying whether
// the provider vouches that the address is its user's: linking to an existing account depends on it
// (lib/auth/sign-in-with-provider.ts). Nothing else of the profile is used: no role, no groups.

export type SsoProviderId = "oidc" | "github" | "google";

export interface SsoProviderInfo {
  id: SsoProviderId;
  /** The button's label: "Sign in with <name>". */
  name: string;
}

/** The profile of every provider as Recall reads it; `id` is the provider's stable subject. */
export interface SsoProfile {
  id: string;
  name: string | null;
  email: string | null;
  emailVerified: boolean;
}

export const DEFAULT_OIDC_NAME = "single sign-on";

/** The configured providers, in the order their buttons appear. */
export function ssoProviderList(e: Env = env()): SsoProviderInfo[] {
  const list: SsoProviderInfo[] = [];
  if (e.OIDC_ISSUER) list.push({ id: "oidc", name: e.OIDC_NAME ?? DEFAULT_OIDC_NAME });
  if (e.GITHUB_ID) list.push({ id: "github", name: "GitHub" });
  if (e.GOOGLE_ID) list.push({ id: "google", name: "Google" });
  return list;
}

/** OpenID Connect Core §5.1 makes `email_verified` a boolean; some providers send the string "true". */
const claimIsTrue = (value: unknown): boolean => value === true || value === "true";

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);

/** A provider's answer as it comes: every claim is checked before use. */
type Claims = Record<string, unknown>;

interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

// next-auth types the tokens handed to a userinfo request as plain parameters; at run time they are
// openid-client's TokenSet, whose claims() are the ID token's, already checked.
interface RuntimeTokens {
  access_token?: string;
  claims(): Claims;
}
type Provider = OAuthConfig<Claims>;
type UserinfoRequest = (context: { client: { userinfo(tokens: unknown): Promise<Claims> }; tokens: RuntimeTokens }) => Promise<Claims>;
const userinfoRequest = (request: UserinfoRequest) => request as unknown as NonNullable<Exclude<Provider["userinfo"], string>>["request"];

// next-auth's User carries Recall's role and tokenVersion (types/next-auth.d.ts) for the password
// sign-in; a provider's profile has neither: it becomes a Recall user in the signIn callback.
const asUser = (profile: SsoProfile): User => profile as unknown as User;

export function ssoProviders(e: Env = env()): Provider[] {
  const providers: Provider[] = [];
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    const issuer = e.OIDC_ISSUER.replace(/\/+$/, "");
    providers.push({
      id: "oidc",
      name: e.OIDC_NAME ?? DEFAULT_OIDC_NAME,
      type: "oauth",
      wellKnown: `${issuer}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      // The ID token is checked (signature, issuer, audience, nonce); the claims come from the userinfo
      // endpoint too, because many providers leave email out of the ID token when an access token is issued.
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      userinfo: {
        // openid-client refuses a userinfo answer whose `sub` differs from the ID token's.
        request: userinfoRequest(async ({ client, tokens }) => ({ ...tokens.claims(), ...(await client.userinfo(tokens)) })),
      },
      profile: (claims) =>
        asUser({
          id: String(claims.sub),
          name: text(claims.name) ?? text(claims.preferred_username),
          email: text(claims.email),
          emailVerified: claimIsTrue(claims.email_verified),
        }),
    });
  }
  if (e.GITHUB_ID && e.GITHUB_SECRET) {
    const github = GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }) as unknown as Provider;
    // next-auth's GitHub provider takes the public email, or the primary one without asking whether
    // it is verified: Recall asks GitHub for the primary address and keeps it only if verified.
    github.userinfo = {
      url: "https://api.github.com/user",
      request: userinfoRequest(async ({ client, tokens }) => {
        const profile = await client.userinfo(tokens.access_token);
        const res = await fetch("https://api.github.com/user/emails", {
          headers: { Authorization: `Bearer ${tokens.access_token}`, Accept: "application/vnd.github+json" },
        });
        const emails: GithubEmail[] = res.ok ? await res.json() : [];
        const primary = emails.find((m) => m.primary && m.verified);
        return { ...profile, verified_primary_email: primary?.email ?? null };
      }),
    };
    github.profile = (profile) =>
      asUser({
        id: String(profile.id),
        name: text(profile.name) ?? text(profile.login),
        email: text(profile.verified_primary_email),
        emailVerified: text(profile.verified_primary_email) !== null,
      });
    providers.push(github);
  }
  if (e.GOOGLE_ID && e.GOOGLE_SECRET) {
    const google = GoogleProvider({ clientId: e.GOOGLE_ID, clientSecret: e.GOOGLE_SECRET }) as unknown as Provider;
    google.profile = (profile) =>
      asUser({ id: String(profile.sub), name: text(profile.name), email: text(profile.email), emailVerified: claimIsTrue(profile.email_verified) });
    providers.push(google);
  }
  return providers;
}

/** What the signIn callback hands to signInWithProvider: the profile made by the provider's profile() above. */
export function identityFrom(user: User, account: Pick<Account, "provider" | "providerAccountId">): ProviderIdentity {
  const profile = user as unknown as SsoProfile;
  return {
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    email: profile.email,
    emailVerified: profile.emailVerified === true,
    name: profile.name,
  };
}
