-- AlterTable
ALTER TABLE "Model" ADD COLUMN "filesKey" TEXT;
ALTER TABLE "Model" ADD COLUMN "hubRepo" TEXT;

-- CreateTable
CREATE TABLE "ModelFile" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "modelId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    CONSTRAINT "ModelFile_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "payloadJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "runId" INTEGER,
    "sweepId" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "fenceToken" TEXT,
    "leaseUntil" DATETIME,
    "heartbeatAt" DATETIME,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "tags" TEXT NOT NULL DEFAULT '',
    "progressJson" TEXT,
    "resultJson" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Job_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Job" ("attempts", "cancelRequested", "createdAt", "error", "fenceToken", "finishedAt", "heartbeatAt", "id", "kind", "leaseUntil", "payloadJson", "priority", "progressJson", "resultJson", "runId", "startedAt", "status", "sweepId", "workerId") SELECT "attempts", "cancelRequested", "createdAt", "error", "fenceToken", "finishedAt", "heartbeatAt", "id", "kind", "leaseUntil", "payloadJson", "priority", "progressJson", "resultJson", "runId", "startedAt", "status", "sweepId", "workerId" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE INDEX "Job_status_priority_id_idx" ON "Job"("status", "priority", "id");
CREATE INDEX "Job_runId_idx" ON "Job"("runId");
CREATE TABLE "new_Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currentJobId" INTEGER,
    "tags" TEXT NOT NULL DEFAULT '',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Worker" ("currentJobId", "heartbeatAt", "host", "id", "pid", "startedAt", "status") SELECT "currentJobId", "heartbeatAt", "host", "id", "pid", "startedAt", "status" FROM "Worker";
DROP TABLE "Worker";
ALTER TABLE "new_Worker" RENAME TO "Worker";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ModelFile_modelId_path_key" ON "ModelFile"("modelId", "path");

