// A learner over plain HTTP, without a browser: signs up through the sign-up page's server action,
// signs in through next-auth's credentials endpoint, and answers through POST /api/reviews. Each
// learner sends its own X-Forwarded-For (the app counts sign-ups and failed sign-ins per address).
import { readFileSync } from "node:fs";
import path from "node:path";
import { distDir } from "@/scripts/lib/build";

/** The id Next gave a server action in a production build (<distDir>/server/server-reference-manifest.json). */
export function serverActionId(exportedName: string, filename: string, { testBuild = false }: { testBuild?: boolean } = {}): string {
  const manifest = JSON.parse(readFileSync(path.resolve(distDir(testBuild), "server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName && v.filename === filename);
  if (!found) throw new Error(`No server action ${exportedName} in ${filename} in the build (${distDir(testBuild)}/server/server-reference-manifest.json)`);
  return found[0];
}

/** The value a server action returned, from its React Server Components response (`0:{"a":"$@1",…}\n1:<value>`). */
export function parseActionResponse(text: string): unknown {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  const root = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
  const ref = typeof root?.a === "string" && root.a.startsWith("$@") ? rows.get(root.a.slice(2)) : undefined;
  return ref !== undefined ? JSON.parse(ref) : root?.a;
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

export class HttpLearner {
  constructor(
    readonly baseURL: string,
    /** Sent as X-Forwarded-For: the address the app sees. */
    readonly address: string,
    private readonly cookies = new Map<string, string>(),
  ) {}

  /** The same learner (same cookies, same address) talking to another server of the same app. */
  through(baseURL: string): HttpLearner {
    return new HttpLearner(baseURL, this.address, this.cookies);
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(pathname: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(`${this.baseURL}${pathname}`, {
      redirect: "manual",
      ...init,
      headers: { "x-forwarded-for": this.address, cookie: this.cookieHeader, ...init.headers },
    });
    this.keep(res);
    return res;
  }

  /** Calls the sign-up page's server action; returns what the action returned. */
  async signUp(actionId: string, input: { name: string; email: string; password: string }): Promise<{ ok: boolean; message?: string }> {
    const res = await this.request("/signup", {
      method: "POST",
      headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: this.baseURL },
      body: JSON.stringify([input]),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`Sign-up answered ${res.status}: ${text.slice(0, 200)}`);
    return parseActionResponse(text) as { ok: boolean; message?: string };
  }

  /** next-auth's credentials sign-in; true when a session cookie came back. */
  async signIn(email: string, password: string): Promise<boolean> {
    return (await this.trySignIn(email, password)).ok;
  }

  /** A sign-in attempt: whether a session came back, else the message the app gave (wrong password, too many…). */
  async trySignIn(email: string, password: string): Promise<{ ok: boolean; error: string | null }> {
    const csrf = await this.request("/api/auth/csrf");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await this.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: this.baseURL },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${this.baseURL}/dashboard`, json: "true" }).toString(),
    });
    const text = await res.text();
    // next-auth answers a refused sign-in with a redirect to its error page, the message in `error`.
    let redirect = res.headers.get("location") ?? "";
    try {
      redirect = (JSON.parse(text) as { url?: string }).url ?? redirect;
    } catch {
      // not JSON: the Location header holds it
    }
    const error = redirect ? new URL(redirect, this.baseURL).searchParams.get("error") : null;
    return { ok: !error && [...this.cookies.keys()].some((k) => k.endsWith("next-auth.session-token")), error };
  }

  /** POST /api/reviews with a JSON body (or a raw string body, for malformed input). */
  async postReview<T = Record<string, unknown>>(body: unknown, extraHeaders: Record<string, string> = {}): Promise<HttpResult<T>> {
    const started = performance.now();
    const res = await this.request("/api/reviews", {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.baseURL, ...extraHeaders },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the report
    }
    return { status: res.status, body: parsed as T, ms };
  }
}
