// Pages, route handlers and server actions render and delegate: the queries live in lib/, where the
// authorization and the one-function-per-operation rule are. app/ may hand `db()` to a lib/ function,
// but never import the generated Prisma client nor call a model on the client itself.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve("app");
const PRISMA_CLIENT_IMPORT = /from\s+["']@\/lib\/db\/generated(\/[^"']*)?["']/;
// db().card.findMany(…), db().$queryRaw`…`, db().$transaction(…): anything reached through the client.
const QUERY_ON_CLIENT = /\bdb\(\)\s*\.\s*[$\w]+/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

function offenders(pattern: RegExp): string[] {
  return sourceFiles(APP)
    .filter((file) => pattern.test(readFileSync(file, "utf8")))
    .map((file) => path.relative(process.cwd(), file));
}

describe("app/ runs no query itself", () => {
  it("finds the files it checks (the scan is not empty)", () => {
    expect(sourceFiles(APP).length).toBeGreaterThan(20);
  });

  it("no file under app/ imports the generated Prisma client", () => {
    expect(offenders(PRISMA_CLIENT_IMPORT)).toEqual([]);
  });

  it("no file under app/ calls a model or a raw query on db()", () => {
    expect(offenders(QUERY_ON_CLIENT)).toEqual([]);
  });

  it("the patterns catch what they are meant to catch", () => {
    expect(QUERY_ON_CLIENT.test("const rows = await db().course.findMany({})")).toBe(true);
    expect(QUERY_ON_CLIENT.test("await db().$queryRaw`SELECT 1`")).toBe(true);
    expect(QUERY_ON_CLIENT.test("await listCourses({ db: db() })")).toBe(false);
    expect(PRISMA_CLIENT_IMPORT.test('import type { Prisma } from "@/lib/db/generated/client";')).toBe(true);
    expect(PRISMA_CLIENT_IMPORT.test('import { db } from "@/lib/db/client";')).toBe(false);
  });
});
