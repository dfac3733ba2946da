-- Question numbers (docs/decisions/035-question-numbers.md): each question gets a small integer once,
-- from a sequence (SERIAL numbers the existing rows), and each card and card summary carries its
-- question's, so the cohort figures find a card's question by array index, not by its text id.
-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "no" SERIAL NOT NULL;

-- AlterTable
ALTER TABLE "Card" ADD COLUMN     "questionNo" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "CardSummary" ADD COLUMN     "questionNo" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "Question_no_key" ON "Question"("no");

-- The existing cards and summaries take their question's number, then a trigger keeps every new row
-- (and any change of its question) right, whatever the insert gives: the Prisma client's default 0, the
-- answer path's statements, the summaries' triggers and rebuilds, the benchmarks' bulk loads.
UPDATE "Card" c SET "questionNo" = q."no" FROM "Question" q WHERE q.id = c."questionId";
UPDATE "CardSummary" s SET "questionNo" = q."no" FROM "Question" q WHERE q.id = s."questionId";

CREATE FUNCTION recall_question_no() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."questionNo" := (SELECT q."no" FROM "Question" q WHERE q.id = NEW."questionId");
  RETURN NEW;
END $$;

CREATE TRIGGER card_question_no BEFORE INSERT OR UPDATE OF "questionId", "questionNo" ON "Card"
  FOR EACH ROW EXECUTE FUNCTION recall_question_no();
CREATE TRIGGER card_summary_question_no BEFORE INSERT OR UPDATE OF "questionId", "questionNo" ON "CardSummary"
  FOR EACH ROW EXECUTE FUNCTION recall_question_no();
