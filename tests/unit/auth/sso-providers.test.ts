// The providers' profiles as Recall reads them: only id, name, email and whether the provider vouches
// for the email. GitHub's email API is answered by a stub (this machine cannot reach GitHub); the
// rule under test is Recall's: the primary address, and only if GitHub verified it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_OIDC_NAME, ssoProviderList, ssoProviders } from "@/lib/auth/sso-providers";
import { parseEnv } from "@/lib/env";

const all = parseEnv({
  OIDC_ISSUER: "https://id.example.com/realms/main/",
  OIDC_CLIENT_ID: "recall",
  OIDC_CLIENT_SECRET: "secret",
  GITHUB_ID: "gh",
  GITHUB_SECRET: "ghs",
  GOOGLE_ID: "g",
  GOOGLE_SECRET: "gs",
});
const provider = (id: string) => ssoProviders(all).find((p) => p.id === id)!;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("configured providers", () => {
  it("lists none without variables, and each configured one in button order with its label", () => {
    expect(ssoProviderList(parseEnv({}))).toEqual([]);
    expect(ssoProviders(parseEnv({}))).toEqual([]);
    expect(ssoProviderList(all)).toEqual([
      { id: "oidc", name: DEFAULT_OIDC_NAME },
      { id: "github", name: "GitHub" },
      { id: "google", name: "Google" },
    ]);
  });

  it("discovers the OIDC provider at its issuer's well-known address and checks state, PKCE and nonce", () => {
    expect(provider("oidc")).toMatchObject({
      wellKnown: "https://id.example.com/realms/main/.well-known/openid-configuration",
      idToken: true,
      checks: ["pkce", "state", "nonce"],
    });
  });
});

describe("profiles", () => {
  it("reads OIDC claims and nothing else: role and groups are dropped", async () => {
    const profile = await provider("oidc").profile({ sub: "u1", email: "ada@example.com", email_verified: true, preferred_username: "ada", role: "ADMIN", groups: ["admins"] }, {});
    expect(profile).toEqual({ id: "u1", name: "ada", email: "ada@example.com", emailVerified: true });
  });

  it("takes Google's email as vouched only when email_verified is true", async () => {
    expect(await provider("google").profile({ sub: "g1", email: "ada@gmail.com", email_verified: false, name: "Ada" }, {})).toMatchObject({ emailVerified: false });
    expect(await provider("google").profile({ sub: "g1", email: "ada@gmail.com", email_verified: true, name: "Ada" }, {})).toMatchObject({ id: "g1", emailVerified: true });
  });

  it.each([
    ["a verified primary address", [{ email: "other@example.com", primary: false, verified: true }, { email: "ada@example.com", primary: true, verified: true }], "ada@example.com"],
    ["an unverified primary address", [{ email: "ada@example.com", primary: true, verified: false }, { email: "other@example.com", primary: false, verified: true }], null],
    ["no answer from the email API", null, null],
  ])("takes from GitHub %s as the email", async (_what, emails, expected) => {
    vi.stubGlobal("fetch", async () => (emails ? new Response(JSON.stringify(emails), { status: 200 }) : new Response("", { status: 403 })));
    const github = provider("github");
    const userinfo = github.userinfo as { request: (context: unknown) => Promise<Record<string, unknown>> };
    const client = { userinfo: async () => ({ id: 42, login: "ada", name: null, email: "public@example.com" }) };
    const raw = await userinfo.request({ client, tokens: { access_token: "token" } });
    expect(await github.profile(raw, {})).toEqual({ id: "42", name: "ada", email: expected, emailVerified: expected !== null });
  });
});
