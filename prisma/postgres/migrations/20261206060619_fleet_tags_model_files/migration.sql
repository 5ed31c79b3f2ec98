-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "filesKey" TEXT,
ADD COLUMN     "hubRepo" TEXT;

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "tags" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Worker" ADD COLUMN     "tags" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "ModelFile" (
    "id" SERIAL NOT NULL,
    "modelId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,

    CONSTRAINT "ModelFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ModelFile_modelId_path_key" ON "ModelFile"("modelId", "path");

-- AddForeignKey
ALTER TABLE "ModelFile" ADD CONSTRAINT "ModelFile_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

