-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currentJobId" INTEGER,
    "tags" TEXT NOT NULL DEFAULT '',
    "backend" TEXT NOT NULL DEFAULT '',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Worker" ("currentJobId", "heartbeatAt", "host", "id", "pid", "startedAt", "status", "tags") SELECT "currentJobId", "heartbeatAt", "host", "id", "pid", "startedAt", "status", "tags" FROM "Worker";
DROP TABLE "Worker";
ALTER TABLE "new_Worker" RENAME TO "Worker";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

