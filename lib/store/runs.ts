// Repository of the Run aggregate: status transitions, progress, step metrics and final results.
// A run is always in one of RUN_STATUSES; results (predictions, artifacts, metrics) are written in
// one transaction together with the 'done' status, so a run never shows partial results.
import type { Db } from '../db/client';

export const RUN_STATUSES = ['queued', 'running', 'done', 'failed', 'interrupted', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface Progress {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number | null;
  etaMs: number | null;
  phase: 'train' | 'eval';
}

export interface MetricPoint {
  key: string;
  step: number;
  epoch?: number;
  value: number;
}

export interface PredictionRow {
  exampleId: number;
  label: number;
  predicted: number;
  confidence: number;
  correct: boolean;
  probsJson: string;
  proxyPredicted?: number | null;
  embeddingRow?: number | null;
  numTokens?: number | null;
}

export interface ArtifactRow {
  kind: string;
  path: string; // relative to dataHome()
  shapeJson: string;
  dtype: string;
  sha256: string;
  bytes: number;
}

export interface RunResult {
  metricsJson: string;
  trainSize: number;
  evalSize: number;
  durationMs: number;
  predictions: PredictionRow[];
  artifacts: ArtifactRow[];
}

/** Starts an attempt: status running, earlier attempt's rows (step metrics, results) cleared. */
export async function startRun(db: Db, runId: number, info: { backend: string; artifactDir: string }): Promise<void> {
  await db.$transaction([
    db.metric.deleteMany({ where: { runId } }),
    db.prediction.deleteMany({ where: { runId } }),
    db.artifact.deleteMany({ where: { runId } }),
    db.run.update({
      where: { id: runId },
      data: { status: 'running', backend: info.backend, artifactDir: info.artifactDir, startedAt: new Date(), finishedAt: null, durationMs: null, error: null, metricsJson: null, progressJson: null },
    }),
  ]);
}

export async function saveRunProgress(db: Db, runId: number, progress: Progress): Promise<void> {
  await db.run.update({ where: { id: runId }, data: { progressJson: JSON.stringify(progress) } });
}

export async function logRunMetrics(db: Db, runId: number, points: MetricPoint[]): Promise<void> {
  if (points.length) await db.metric.createMany({ data: points.map((p) => ({ runId, ...p })) });
}

/** Stores the results and marks the run done, all or nothing. */
export async function completeRun(db: Db, runId: number, r: RunResult): Promise<void> {
  await db.$transaction([
    db.prediction.deleteMany({ where: { runId } }),
    db.prediction.createMany({ data: r.predictions.map((p) => ({ runId, ...p })) }),
    db.artifact.deleteMany({ where: { runId } }),
    db.artifact.createMany({ data: r.artifacts.map((a) => ({ runId, ...a })) }),
    db.run.update({
      where: { id: runId },
      data: { status: 'done', metricsJson: r.metricsJson, trainSize: r.trainSize, evalSize: r.evalSize, durationMs: r.durationMs, finishedAt: new Date(), error: null },
    }),
  ]);
}

/** Ends a run without results (failed, cancelled or interrupted) with its reason. */
export async function endRun(db: Db, runId: number, status: Exclude<RunStatus, 'done' | 'running' | 'queued'>, error: string | null): Promise<void> {
  await db.run.update({ where: { id: runId }, data: { status, error, finishedAt: new Date() } });
}

export interface RunRecord {
  id: number;
  experimentId: number | null;
  datasetId: number;
  modelId: number | null;
  status: string;
  config: Record<string, unknown>;
  fold: number;
  seed: number;
}

export async function getRun(db: Db, runId: number): Promise<RunRecord | undefined> {
  const r = await db.run.findUnique({ where: { id: runId } });
  if (!r) return undefined;
  return { id: r.id, experimentId: r.experimentId, datasetId: r.datasetId, modelId: r.modelId, status: r.status, config: JSON.parse(r.configJson) as Record<string, unknown>, fold: r.fold, seed: r.seed };
}
