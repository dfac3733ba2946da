// The answer's statements and the review queue's are sent through `pg` (lib/reviews/answer-statements.ts,
// lib/reviews/queue-statement.ts), not Prisma, but the schema stays Prisma's: this checks they agree. Every statement prepares against the migrated
// database (each table and column it names exists); every column it writes takes a parameter whose
// type PostgreSQL infers as the column's own type, which is the type prisma/schema.prisma gives the
// field; every quoted name is a field of a model it uses; and a card and its logs written by the pg
// path read back through Prisma exactly as the answer computed them, in a process zone with an odd
// offset (timestamps hold UTC wall time whatever the zone). The queue's statements write nothing: each
// column it returns has the type of the Prisma field it reads, or the one its cast or zone conversion gives.
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSWER_STATEMENTS } from "@/lib/reviews/answer-statements";
import { REVIEW_QUEUE_STATEMENTS } from "@/lib/reviews/queue-statement";
import { submitReview } from "@/lib/reviews/submit-review";
import { fromSrsCardSnapshot, type SrsCardSnapshot } from "@/lib/srs/card-fields";
import { createQuestion, createUser, multipleChoicePayload, testDatabaseUrl, testDb } from "./helpers/db";

/** prisma/schema.prisma's models: field → [Prisma type, native type attribute or ""]. */
function prismaModels(): Map<string, Map<string, [string, string]>> {
  const models = new Map<string, Map<string, [string, string]>>();
  const schema = readFileSync("prisma/schema.prisma", "utf8");
  for (const [, name, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields = new Map<string, [string, string]>();
    for (const [, field, type, rest] of body!.matchAll(/^[ \t]+(\w+)[ \t]+(\w+)[?[\]]*[ \t]*(.*)$/gm)) fields.set(field!, [type!, rest!.match(/@db\.(\w+)/)?.[1] ?? ""]);
    models.set(name!, fields);
  }
  return models;
}

const ENUMS = new Set([...readFileSync("prisma/schema.prisma", "utf8").matchAll(/^enum (\w+)/gm)].map((m) => m[1]!));

/** The PostgreSQL type (as format_type prints it) Prisma gives a field of this type. */
function postgresTypeOf([type, native]: [string, string]): string {
  if (native === "Uuid") return "uuid";
  if (native === "Date") return "date";
  if (ENUMS.has(type)) return `"${type}"`;
  const types: Record<string, string> = { String: "text", Int: "integer", Float: "double precision", Boolean: "boolean", DateTime: "timestamp without time zone", Json: "jsonb", BigInt: "bigint" };
  return types[type] ?? `unknown Prisma type ${type}`;
}

/** Splits a list on its top-level commas (not those inside parentheses). */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === "(") depth++;
    else if (list[i] === ")") depth--;
    else if (list[i] === "," && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts;
}

const unquote = (name: string) => name.replace(/"/g, "");

/** Every statement sent through pg. */
const HOT_STATEMENTS = [...ANSWER_STATEMENTS, ...REVIEW_QUEUE_STATEMENTS];

/** The outer SELECT's columns: the name each comes out under and the expression that makes it. */
function selectList(text: string): { name: string; expression: string }[] {
  const list = text.match(/^SELECT ([\s\S]*?)\nFROM /)![1]!;
  return splitTopLevel(list).map((item) => {
    const [, expression, alias] = item.match(/^([\s\S]*?)(?:\s+AS\s+("?\w+"?))?$/)!;
    return { name: unquote(alias ?? expression!.split(".").pop()!), expression: expression! };
  });
}

/** Each column a statement writes with the expression written to it: INSERT's column and value lists, UPDATE's SET. */
function writes(text: string): { table: string; column: string; expression: string }[] {
  const out: { table: string; column: string; expression: string }[] = [];
  for (const m of text.matchAll(/INSERT INTO "(\w+)" \(([^)]*)\)\s*(?:VALUES \(([\s\S]*?)\)\s*(?:RETURNING|ON CONFLICT|$)|SELECT ([\s\S]*?)\s+FROM)/g)) {
    const columns = splitTopLevel(m[2]!).map(unquote);
    const values = splitTopLevel(m[3] ?? m[4]!);
    expect(values.length, `${m[1]}: as many values as columns`).toBe(columns.length);
    columns.forEach((column, i) => out.push({ table: m[1]!, column, expression: values[i]! }));
  }
  for (const m of text.matchAll(/UPDATE "(\w+)" SET ([\s\S]*?)\s+WHERE/g)) {
    for (const assignment of splitTopLevel(m[2]!)) {
      const [column, expression] = assignment.split(/\s*=\s*/, 2);
      out.push({ table: m[1]!, column: unquote(column!), expression: expression! });
    }
  }
  return out;
}

let client: pg.Client;
const models = prismaModels();

beforeAll(async () => {
  client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
});

/** PostgreSQL's view of a statement: its parameters' types as it infers them. */
async function prepared(text: string): Promise<string[]> {
  await client.query(`PREPARE hot_check AS ${text}`);
  try {
    const { rows } = await client.query<{ parameter_types: string[] }>(`SELECT parameter_types::text[] AS parameter_types FROM pg_prepared_statements WHERE name = 'hot_check'`);
    return rows[0]!.parameter_types;
  } finally {
    await client.query("DEALLOCATE hot_check");
  }
}

async function columnType(table: string, column: string): Promise<string | undefined> {
  const { rows } = await client.query<{ type: string }>(
    `SELECT format_type(a.atttypid, NULL) AS type FROM pg_attribute a WHERE a.attrelid = format('%I', $1::text)::regclass AND a.attname = $2 AND NOT a.attisdropped`,
    [table, column],
  );
  return rows[0]?.type;
}

describe("the pg statements against Prisma's schema", () => {
  it("every statement prepares against the migrated database, under a name of its own", async () => {
    expect(new Set(HOT_STATEMENTS.map((s) => s.name)).size).toBe(HOT_STATEMENTS.length);
    for (const statement of HOT_STATEMENTS) await expect(prepared(statement.text), statement.name).resolves.toBeInstanceOf(Array);
  });

  it("every column written takes a parameter of the column's type, and that is the type of the Prisma field", async () => {
    let checked = 0;
    for (const statement of ANSWER_STATEMENTS) {
      const parameterTypes = await prepared(statement.text);
      for (const { table, column, expression } of writes(statement.text)) {
        const field = models.get(table)?.get(column);
        expect(field, `${statement.name}: ${table}.${column} is a field of the Prisma model`).toBeDefined();
        const type = await columnType(table, column);
        expect(type, `${statement.name}: ${table}.${column}`).toBe(postgresTypeOf(field!));
        const parameter = expression.match(/^\$(\d+)(?:::[\w"]+)?$/);
        if (parameter) {
          expect(parameterTypes[Number(parameter[1]) - 1], `${statement.name}: ${table}.${column} = ${expression}`).toBe(type);
          checked++;
        }
      }
    }
    // Every column of the card and of the log the answer writes, through both statements.
    expect(checked).toBeGreaterThanOrEqual(50);
  });

  it("every quoted name in a statement is a table or a field of a Prisma model it uses", () => {
    for (const statement of HOT_STATEMENTS) {
      const tables = [...statement.text.matchAll(/(?:FROM|JOIN|INTO|UPDATE) "(\w+)"/g)].map((m) => m[1]!);
      const fields = new Set(tables.flatMap((t) => [...(models.get(t)?.keys() ?? [])]));
      const named = [...statement.text.matchAll(/"(\w+)"/g)].map((m) => m[1]!).filter((n) => !models.has(n) && !ENUMS.has(n));
      // Aliases the statement gives its own results are not columns.
      const aliases = new Set([...statement.text.matchAll(/AS "(\w+)"/g)].map((m) => m[1]!));
      expect(named.filter((n) => !fields.has(n) && !aliases.has(n)), statement.name).toEqual([]);
    }
  });
});

describe("the review queue's pg statements against Prisma's schema", () => {
  for (const statement of REVIEW_QUEUE_STATEMENTS) {
    it(`${statement.name} returns each column a Prisma field fills with the field's type, or with the type its cast or UTC conversion gives`, async () => {
      const used = [...statement.text.matchAll(/(?:FROM|JOIN) "(\w+)"/g)].map((m) => models.get(m[1]!)!);
      const filters = statement.text.includes("$3") ? [null, null] : [];
      const result = await client.query({ text: statement.text, values: [randomUUID(), "2026-12-03T12:00:00.000", ...filters] });
      const { rows: types } = await client.query<{ oid: number; type: string }>(`SELECT oid::int, format_type(oid, NULL) AS type FROM unnest($1::oid[]) oid`, [result.fields.map((f) => f.dataTypeID)]);
      const typeOf = new Map(types.map((t) => [t.oid, t.type]));
      const columns = selectList(statement.text);
      expect(result.fields.map((f) => f.name)).toEqual(columns.map((c) => c.name));
      let checked = 0;
      for (const [i, { name, expression }] of columns.entries()) {
        const actual = typeOf.get(result.fields[i]!.dataTypeID);
        const read = unquote(expression.match(/^\w+\.("?\w+"?)/)?.[1] ?? "");
        const fields = used.flatMap((model) => (model.has(read) ? [model.get(read)!] : []));
        if (fields.length === 0) continue; // computed by the statement (the counts), not a field
        if (/::text$/.test(expression)) expect(actual, name).toBe("text");
        else if (/AT TIME ZONE 'UTC'$/.test(expression)) {
          expect(fields.map(([type]) => type), name).toContain("DateTime");
          expect(actual, name).toBe("timestamp with time zone");
        } else expect(fields.map(postgresTypeOf), name).toContain(actual);
        checked++;
      }
      // Every card field the queue orders by and the page reads, and the question's lesson.
      expect(checked).toBe(8);
    });
  }
});

describe("a card and its logs written through pg, read through Prisma", () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "Pacific/Chatham";
  });
  afterAll(() => {
    process.env.TZ = zone;
  });

  it("read back as the answer computed them, at UTC+12:45, across two answers", async () => {
    const [user, question] = await Promise.all([
      createUser({ timezone: "Asia/Kolkata" }),
      createQuestion({ payload: multipleChoicePayload(["4", true, "Two and two."], ["5", false, "One too many."]) }),
    ]);
    expect(new Date(Date.UTC(2026, 11, 3, 12)).getTimezoneOffset()).toBe(-825);
    const first = new Date("2026-12-03T11:47:13.251Z");
    const answer = (now: Date, expectedVersion: number | null, choice: string) =>
      submitReview({
        db: testDb(),
        actor: user,
        input: { questionId: question.id, response: { kind: "MULTIPLE_CHOICE", choiceIds: [choice] }, rating: choice === "a" ? 3 : 1, durationMs: 4321, idempotencyKey: randomUUID(), sessionId: "s", source: "lesson", expectedVersion },
        now,
        enableFuzz: false,
      });
    const one = await answer(first, null, "a");
    const second = new Date(one.nextDue.getTime() + 3 * 3_600_000 + 7);
    const two = await answer(second, one.version, "b");

    const card = await testDb().card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: question.id } } });
    const logs = await testDb().reviewLog.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });
    expect(logs.map((l) => l.id.toString())).toEqual([one.reviewLogId, two.reviewLogId]);
    expect(logs.map((l) => l.reviewedAt.toISOString())).toEqual([first.toISOString(), second.toISOString()]);
    expect(logs.map((l) => [l.rating, l.correct, l.durationMs, l.source, l.sessionId, l.cardId])).toEqual([
      [3, true, 4321, "lesson", "s", card.id],
      [1, false, 4321, "lesson", "s", card.id],
    ]);
    expect(logs[0]!.response).toEqual({ kind: "MULTIPLE_CHOICE", choiceIds: ["a"] });
    // The card as Prisma reads it is the last log's cardAfter, and the second answer read the card the first wrote.
    const after = fromSrsCardSnapshot(logs[1]!.cardAfter as SrsCardSnapshot);
    expect({ due: card.due, stability: card.stability, difficulty: card.difficulty, elapsedDays: card.elapsedDays, scheduledDays: card.scheduledDays, learningSteps: card.learningSteps, reps: card.reps, lapses: card.lapses, state: card.state, lastReview: card.lastReview }).toEqual(after);
    expect(card.due.toISOString()).toBe(two.nextDue.toISOString());
    expect(card.lastReview?.toISOString()).toBe(second.toISOString());
    expect(fromSrsCardSnapshot(logs[1]!.cardBefore as SrsCardSnapshot)).toEqual(fromSrsCardSnapshot(logs[0]!.cardAfter as SrsCardSnapshot));
    expect(card.version).toBe(two.version);
    expect(logs[1]!.stateBefore).toBe(one.state);
    // The learning day (set by a trigger) is the learner's day in Kolkata, not the process's in Chatham.
    expect(logs[0]!.learningDay?.toISOString().slice(0, 10)).toBe("2026-12-03");
    expect(await testDb().lessonProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId: user.id, lessonId: question.lessonId } } })).toMatchObject({ startedAt: first });
  });
});
