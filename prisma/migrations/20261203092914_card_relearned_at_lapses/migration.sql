-- AlterTable
ALTER TABLE "Card" ADD COLUMN     "relearnedAtLapses" INTEGER NOT NULL DEFAULT 0;
