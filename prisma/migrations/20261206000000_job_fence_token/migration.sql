-- AlterTable
ALTER TABLE "Job" ADD COLUMN "fenceToken" TEXT;

