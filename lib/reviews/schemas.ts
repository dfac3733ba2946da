import { z } from "zod";
import { isPlainText, toPlainText } from "@/lib/text";

const id = z.string().min(1).max(200).refine(isPlainText, "Use letters, digits and punctuation only.");

export const responseSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("MULTIPLE_CHOICE"), choiceIds: z.array(z.string().regex(/^[a-z]$/)).max(26) }),
  z.object({ kind: z.literal("FREE_RECALL"), text: z.string().max(5000, "Keep your answer under 5,000 characters.").transform(toPlainText) }),
  z.object({ kind: z.literal("ESTIMATE"), value: z.number().finite(), unit: z.string().max(100).transform(toPlainText).optional() }),
]);

export const gradeInputSchema = z.object({ questionId: id, response: responseSchema });

export const recordInputSchema = z.object({
  questionId: id,
  response: responseSchema,
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  durationMs: z.number().int().min(0).max(24 * 3_600_000),
  idempotencyKey: z.string().min(8).max(100).refine(isPlainText, "Use letters, digits and punctuation only."),
  sessionId: id,
  source: z.enum(["lesson", "review"]),
  /** The card version the page showed (null: no card yet). A mismatch means another tab got there first. */
  expectedVersion: z.number().int().min(0).nullable(),
});

export type RecordInput = z.infer<typeof recordInputSchema>;

/** A ReviewLog id: a positive bigint (PostgreSQL's int8 stops at 2^63 - 1). */
export const undoInputSchema = z.object({ reviewLogId: z.string().refine((s) => /^\d{1,19}$/.test(s) && BigInt(s) <= 9_223_372_036_854_775_807n) });

/** Relearn a leech: the card and the version the page showed (two tabs clicking together change it once). */
export const relearnInputSchema = z.object({ cardId: z.string().uuid(), expectedVersion: z.number().int().min(0) });
