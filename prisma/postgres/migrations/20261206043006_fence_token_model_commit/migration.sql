-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "commit" TEXT;

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "fenceToken" TEXT;

