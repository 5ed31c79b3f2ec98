-- CreateTable
CREATE TABLE "Dataset" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "task" TEXT,
    "numClasses" INTEGER NOT NULL,
    "labelNamesJson" TEXT NOT NULL,
    "hasPairs" BOOLEAN NOT NULL DEFAULT false,
    "origin" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Example" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "datasetId" INTEGER NOT NULL,
    "split" TEXT NOT NULL,
    "idx" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "textPair" TEXT,
    "label" INTEGER NOT NULL,
    "fineLabel" TEXT,
    "sourceLine" INTEGER,
    CONSTRAINT "Example_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Model" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "arch" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "numParams" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Sweep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sweepId" INTEGER,
    "name" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "configHash" TEXT NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "modelId" INTEGER,
    "loss" TEXT NOT NULL,
    "beta" REAL NOT NULL,
    "sampleSize" INTEGER,
    "protocol" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "summaryJson" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Experiment_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Experiment_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Experiment_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Run" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "experimentId" INTEGER,
    "datasetId" INTEGER NOT NULL,
    "modelId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "configJson" TEXT NOT NULL,
    "loss" TEXT NOT NULL,
    "beta" REAL NOT NULL,
    "sampleSize" INTEGER,
    "fold" INTEGER NOT NULL DEFAULT 0,
    "seed" INTEGER NOT NULL,
    "backend" TEXT,
    "error" TEXT,
    "progressJson" TEXT,
    "metricsJson" TEXT,
    "trainSize" INTEGER,
    "evalSize" INTEGER,
    "artifactDir" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    CONSTRAINT "Run_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Run_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Metric" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "epoch" REAL,
    "value" REAL NOT NULL,
    CONSTRAINT "Metric_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "exampleId" INTEGER NOT NULL,
    "label" INTEGER NOT NULL,
    "predicted" INTEGER NOT NULL,
    "confidence" REAL NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "probsJson" TEXT NOT NULL,
    "proxyPredicted" INTEGER,
    "embeddingRow" INTEGER,
    "numTokens" INTEGER,
    CONSTRAINT "Prediction_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Prediction_exampleId_fkey" FOREIGN KEY ("exampleId") REFERENCES "Example" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Artifact" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "shapeJson" TEXT NOT NULL,
    "dtype" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Artifact_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attribution" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "exampleId" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "optionsJson" TEXT NOT NULL,
    "optionsHash" TEXT NOT NULL,
    "target" INTEGER NOT NULL,
    "tokensJson" TEXT NOT NULL,
    "scoresJson" TEXT NOT NULL,
    "wordsJson" TEXT,
    "delta" REAL,
    "extraJson" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attribution_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attribution_exampleId_fkey" FOREIGN KEY ("exampleId") REFERENCES "Example" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Projection" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "paramsJson" TEXT NOT NULL,
    "coordsJson" TEXT NOT NULL,
    "proxiesJson" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Projection_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Analysis" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "paramsJson" TEXT NOT NULL,
    "resultJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Analysis_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "payloadJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "runId" INTEGER,
    "sweepId" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "leaseUntil" DATETIME,
    "heartbeatAt" DATETIME,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "progressJson" TEXT,
    "resultJson" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Job_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currentJobId" INTEGER,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_name_key" ON "Dataset"("name");

-- CreateIndex
CREATE INDEX "Example_datasetId_split_label_idx" ON "Example"("datasetId", "split", "label");

-- CreateIndex
CREATE UNIQUE INDEX "Example_datasetId_split_idx_key" ON "Example"("datasetId", "split", "idx");

-- CreateIndex
CREATE UNIQUE INDEX "Model_name_key" ON "Model"("name");

-- CreateIndex
CREATE INDEX "Experiment_sweepId_idx" ON "Experiment"("sweepId");

-- CreateIndex
CREATE INDEX "Experiment_datasetId_loss_sampleSize_idx" ON "Experiment"("datasetId", "loss", "sampleSize");

-- CreateIndex
CREATE INDEX "Run_experimentId_idx" ON "Run"("experimentId");

-- CreateIndex
CREATE INDEX "Run_status_idx" ON "Run"("status");

-- CreateIndex
CREATE INDEX "Run_datasetId_loss_sampleSize_idx" ON "Run"("datasetId", "loss", "sampleSize");

-- CreateIndex
CREATE INDEX "Metric_runId_key_step_idx" ON "Metric"("runId", "key", "step");

-- CreateIndex
CREATE INDEX "Prediction_runId_correct_idx" ON "Prediction"("runId", "correct");

-- CreateIndex
CREATE UNIQUE INDEX "Prediction_runId_exampleId_key" ON "Prediction"("runId", "exampleId");

-- CreateIndex
CREATE UNIQUE INDEX "Artifact_runId_kind_path_key" ON "Artifact"("runId", "kind", "path");

-- CreateIndex
CREATE INDEX "Attribution_runId_method_idx" ON "Attribution"("runId", "method");

-- CreateIndex
CREATE UNIQUE INDEX "Attribution_runId_exampleId_method_optionsHash_key" ON "Attribution"("runId", "exampleId", "method", "optionsHash");

-- CreateIndex
CREATE INDEX "Projection_runId_method_idx" ON "Projection"("runId", "method");

-- CreateIndex
CREATE INDEX "Analysis_runId_kind_idx" ON "Analysis"("runId", "kind");

-- CreateIndex
CREATE INDEX "Job_status_priority_id_idx" ON "Job"("status", "priority", "id");

-- CreateIndex
CREATE INDEX "Job_runId_idx" ON "Job"("runId");

