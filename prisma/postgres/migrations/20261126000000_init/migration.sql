-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Dataset" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "task" TEXT,
    "numClasses" INTEGER NOT NULL,
    "labelNamesJson" TEXT NOT NULL,
    "hasPairs" BOOLEAN NOT NULL DEFAULT false,
    "origin" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Example" (
    "id" SERIAL NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "split" TEXT NOT NULL,
    "idx" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "textPair" TEXT,
    "label" INTEGER NOT NULL,
    "fineLabel" TEXT,
    "sourceLine" INTEGER,

    CONSTRAINT "Example_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "arch" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "numParams" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sweep" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Sweep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" SERIAL NOT NULL,
    "sweepId" INTEGER,
    "name" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "configHash" TEXT NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "modelId" INTEGER,
    "loss" TEXT NOT NULL,
    "beta" DOUBLE PRECISION NOT NULL,
    "sampleSize" INTEGER,
    "protocol" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "summaryJson" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER,
    "datasetId" INTEGER NOT NULL,
    "modelId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "configJson" TEXT NOT NULL,
    "loss" TEXT NOT NULL,
    "beta" DOUBLE PRECISION NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Metric" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "epoch" DOUBLE PRECISION,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "Metric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "exampleId" INTEGER NOT NULL,
    "label" INTEGER NOT NULL,
    "predicted" INTEGER NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "probsJson" TEXT NOT NULL,
    "proxyPredicted" INTEGER,
    "embeddingRow" INTEGER,
    "numTokens" INTEGER,

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Artifact" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "shapeJson" TEXT NOT NULL,
    "dtype" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Artifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attribution" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "exampleId" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "optionsJson" TEXT NOT NULL,
    "optionsHash" TEXT NOT NULL,
    "target" INTEGER NOT NULL,
    "tokensJson" TEXT NOT NULL,
    "scoresJson" TEXT NOT NULL,
    "wordsJson" TEXT,
    "delta" DOUBLE PRECISION,
    "extraJson" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Projection" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "paramsJson" TEXT NOT NULL,
    "coordsJson" TEXT NOT NULL,
    "proxiesJson" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Projection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Analysis" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "paramsJson" TEXT NOT NULL,
    "resultJson" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Analysis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "payloadJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "runId" INTEGER,
    "sweepId" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "progressJson" TEXT,
    "resultJson" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currentJobId" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Worker_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Example" ADD CONSTRAINT "Example_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Metric" ADD CONSTRAINT "Metric_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_exampleId_fkey" FOREIGN KEY ("exampleId") REFERENCES "Example"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Artifact" ADD CONSTRAINT "Artifact_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attribution" ADD CONSTRAINT "Attribution_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attribution" ADD CONSTRAINT "Attribution_exampleId_fkey" FOREIGN KEY ("exampleId") REFERENCES "Example"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Projection" ADD CONSTRAINT "Projection_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Analysis" ADD CONSTRAINT "Analysis_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

