import { describe, expect, it } from "vitest";
import { authOptions, GENERIC_SIGNIN_ERROR } from "@/lib/auth/options";
import { createUser, uniqueId } from "./helpers/db";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

async function attempt(email: string, password: string, address = "10.0.0.1"): Promise<string> {
  try {
    const user = (await authorize({ email, password }, { headers: { "x-forwarded-for": address } })) as { email: string } | null;
    return user ? `OK ${user.email}` : "null";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("sign-in", () => {
  it("signs in with the right password and gives one generic message otherwise", async () => {
    const email = `ada-${uniqueId()}@test.recall`;
    await createUser({ email, password: "the right password" });
    expect(await attempt(email, "the right password")).toBe(`OK ${email}`);
    expect(await attempt(email, "wrong password")).toBe(GENERIC_SIGNIN_ERROR);
    expect(await attempt(`nobody-${uniqueId()}@test.recall`, "whatever")).toBe(GENERIC_SIGNIN_ERROR);
  });

  it("refuses an email for a while after 10 failures in 15 minutes, even with the right password, and says so", async () => {
    const email = `grace-${uniqueId()}@test.recall`;
    await createUser({ email, password: "the right password" });
    for (let i = 0; i < 10; i++) expect(await attempt(email, `wrong ${i}`, `10.1.0.${i}`)).toBe(GENERIC_SIGNIN_ERROR);
    const refused = await attempt(email, "the right password", "10.2.0.1");
    expect(refused).toMatch(/Too many failed sign-ins for this email.*try again in \d+ minutes/);
  }, 60_000);
});
