-- CreateTable
CREATE TABLE "DatabaseIdentity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "uuid" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "DatabaseIdentity_uuid_key" ON "DatabaseIdentity"("uuid");

