// A real OpenID Connect provider for the e2e suite (the `oidc-provider` package, in memory, on a
// loopback port), started by global-setup before the app so that the app's OIDC_* variables point at it.
// Its development interactions take any login and password. The login decides the claims:
// "<name>" has <name>@sso.test with email_verified true; "unverified-<name>" the same with false.
// Every account also claims role ADMIN and an admins group, which Recall must ignore.
import type { Server } from "node:http";
import Provider from "oidc-provider";

export const TEST_OIDC = {
  clientId: "recall-e2e",
  clientSecret: "recall-e2e-client-secret-of-32-characters",
  name: "Test ID",
} as const;

export const testOidcEmail = (login: string): string => `${login.replace(/^unverified-/, "")}@sso.test`;

export async function startOidcProvider({ port, redirectUri }: { port: number; redirectUri: string }): Promise<{ issuer: string; stop(): Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_OIDC.clientId,
        client_secret: TEST_OIDC.clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "role", "groups"] },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, email: testOidcEmail(sub), email_verified: !sub.startsWith("unverified-"), name: `SSO ${sub}`, role: "ADMIN", groups: ["admins"] };
        },
      };
    },
    features: { devInteractions: { enabled: true } },
    // A fixed key only for this throwaway provider's cookies.
    cookies: { keys: ["recall-e2e-oidc-cookie-key"] },
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, "127.0.0.1", () => resolve(s));
  });
  return {
    issuer,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
