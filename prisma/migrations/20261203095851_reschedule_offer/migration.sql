-- AlterTable
ALTER TABLE "User" ADD COLUMN     "rescheduleOffer" JSONB;
