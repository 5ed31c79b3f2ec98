-- CreateTable
CREATE TABLE "DatabaseIdentity" (
    "id" INTEGER NOT NULL,
    "uuid" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatabaseIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DatabaseIdentity_uuid_key" ON "DatabaseIdentity"("uuid");

