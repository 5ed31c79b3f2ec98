-- AlterTable
ALTER TABLE "Model" ADD COLUMN "commit" TEXT;
