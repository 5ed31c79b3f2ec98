-- AlterTable
ALTER TABLE "Worker" ADD COLUMN     "backend" TEXT NOT NULL DEFAULT '';

