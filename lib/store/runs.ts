// Repository of the Run aggregate: status transitions, progress, step metrics and final results.
// A run is always in one of RUN_STATUSES; results (predictions, artifacts, metrics) are written in
// one transaction together with the 'done' status, so a run never shows partial results. Writes
// made for a job take its Fence: they land only while that claim holds the job (job-rows.ts), and
// a run's results land in the same transaction that ends its job.
import fs from 'node:fs';
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { localArtifactFile, readRunArray, siblingPath } from './artifacts/run-artifacts';
import { endJobTx, fenced, requeueJobTx, type Fence } from './job-rows';
import { refreshExperiment } from './experiments';

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
  path: string; // key in the artifact store (rows from before it: relative to dataHome())
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

/**
 * Starts an attempt: status running, earlier attempt's rows (step metrics, results) cleared.
 * Returns false (and changes nothing) when the run is already done: a done run never trains again.
 */
export async function startRun(db: Db, runId: number, info: { backend: string; artifactDir: string }, fence?: Fence): Promise<boolean> {
  return fenced(db, fence, async (tx) => {
    const run = await tx.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (!run || run.status === 'done') return false;
    await tx.metric.deleteMany({ where: { runId } });
    await tx.prediction.deleteMany({ where: { runId } });
    await tx.artifact.deleteMany({ where: { runId } });
    await tx.run.update({
      where: { id: runId },
      data: {
        status: 'running',
        backend: info.backend,
        artifactDir: info.artifactDir,
        startedAt: new Date(),
        finishedAt: null,
        durationMs: null,
        error: null,
        metricsJson: null,
        progressJson: null,
      },
    });
    return true;
  });
}

export async function saveRunProgress(db: Db, runId: number, progress: Progress, fence?: Fence): Promise<void> {
  await fenced(db, fence, (tx) => tx.run.update({ where: { id: runId }, data: { progressJson: JSON.stringify(progress) } }));
}

export async function logRunMetrics(db: Db, runId: number, points: MetricPoint[], fence?: Fence): Promise<void> {
  if (points.length) await fenced(db, fence, (tx) => tx.metric.createMany({ data: points.map((p) => ({ runId, ...p })) }));
}

/**
 * Stores the results and marks the run done, all or nothing; with a fence, the job ends done
 * (with `jobResultJson`) and the experiment/sweep are refreshed in the same transaction.
 */
export async function completeRun(
  db: Db,
  runId: number,
  r: RunResult,
  opts: { fence?: Fence; jobResultJson?: string } = {},
): Promise<void> {
  await fenced(db, opts.fence, async (tx) => {
    await tx.prediction.deleteMany({ where: { runId } });
    await tx.prediction.createMany({ data: r.predictions.map((p) => ({ runId, ...p })) });
    await tx.artifact.deleteMany({ where: { runId } });
    await tx.artifact.createMany({ data: r.artifacts.map((a) => ({ runId, ...a })) });
    const run = await tx.run.update({
      where: { id: runId },
      data: {
        status: 'done',
        metricsJson: r.metricsJson,
        trainSize: r.trainSize,
        evalSize: r.evalSize,
        durationMs: r.durationMs,
        finishedAt: new Date(),
        error: null,
      },
    });
    if (opts.fence) {
      await endJobTx(tx, opts.fence, 'done', { resultJson: opts.jobResultJson ?? null });
      if (run.experimentId) await refreshExperiment(tx, run.experimentId);
    }
  });
}

/**
 * Ends a run without results (failed, cancelled or interrupted) with its reason. With a fence the
 * job ends too, in the same transaction: failed/cancelled alike, or back in the queue when the
 * run was interrupted (a graceful stop, not counted as an attempt).
 */
export async function endRun(
  db: Db,
  runId: number,
  status: Exclude<RunStatus, 'done' | 'running' | 'queued'>,
  error: string | null,
  fence?: Fence,
): Promise<void> {
  await fenced(db, fence, async (tx) => {
    const run = await tx.run.update({ where: { id: runId }, data: { status, error, finishedAt: new Date() } });
    if (!fence) return;
    if (status === 'interrupted') await requeueJobTx(tx, fence, error ?? 'interrupted');
    else await endJobTx(tx, fence, status, { error });
    if (run.experimentId) await refreshExperiment(tx, run.experimentId);
  });
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
  return {
    id: r.id,
    experimentId: r.experimentId,
    datasetId: r.datasetId,
    modelId: r.modelId,
    status: r.status,
    config: JSON.parse(r.configJson) as Record<string, unknown>,
    fold: r.fold,
    seed: r.seed,
  };
}

export interface RunListItem {
  id: number;
  experimentId: number | null;
  dataset: string;
  loss: string;
  beta: number;
  sampleSize: number | null;
  fold: number;
  seed: number;
  status: string;
  accuracy: number | null;
  progress: Progress | null;
  error: string | null;
  durationMs: number | null;
  createdAt: string;
}

export async function listRuns(
  db: Db,
  filter: { experimentId?: number; status?: string; dataset?: string; loss?: string; limit?: number } = {},
): Promise<RunListItem[]> {
  const rows = await db.run.findMany({
    where: {
      ...(filter.experimentId !== undefined ? { experimentId: filter.experimentId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.loss ? { loss: filter.loss } : {}),
      ...(filter.dataset ? { dataset: { name: filter.dataset } } : {}),
    },
    orderBy: { id: 'desc' },
    take: filter.limit ?? 50,
    include: { dataset: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    experimentId: r.experimentId,
    dataset: r.dataset.name,
    loss: r.loss,
    beta: r.beta,
    sampleSize: r.sampleSize,
    fold: r.fold,
    seed: r.seed,
    status: r.status,
    accuracy: r.metricsJson ? ((JSON.parse(r.metricsJson) as { accuracy?: number }).accuracy ?? null) : null,
    progress: r.progressJson ? (JSON.parse(r.progressJson) as Progress) : null,
    error: r.error,
    durationMs: r.durationMs,
    createdAt: r.createdAt.toISOString(),
  }));
}

export interface RunDetail extends RunListItem {
  config: Record<string, unknown>;
  metrics: Record<string, unknown> | null;
  labelNames: string[];
  backend: string | null;
  trainSize: number | null;
  evalSize: number | null;
  artifacts: { kind: string; path: string; shape: number[]; dtype: string; bytes: number; sha256: string }[];
  predictions: number;
  jobs: { id: number; status: string; attempts: number; workerId: string | null; error: string | null }[];
}

export async function getRunDetail(db: Db, runId: number): Promise<RunDetail | undefined> {
  const [item] = await db.run.findMany({
    where: { id: runId },
    take: 1,
    include: {
      dataset: { select: { name: true, labelNamesJson: true } },
      artifacts: true,
      jobs: true,
      _count: { select: { predictions: true } },
    },
  });
  if (!item) return undefined;
  return {
    id: item.id,
    experimentId: item.experimentId,
    dataset: item.dataset.name,
    loss: item.loss,
    beta: item.beta,
    sampleSize: item.sampleSize,
    fold: item.fold,
    seed: item.seed,
    status: item.status,
    accuracy: item.metricsJson ? ((JSON.parse(item.metricsJson) as { accuracy?: number }).accuracy ?? null) : null,
    progress: item.progressJson ? (JSON.parse(item.progressJson) as Progress) : null,
    error: item.error,
    durationMs: item.durationMs,
    createdAt: item.createdAt.toISOString(),
    config: JSON.parse(item.configJson) as Record<string, unknown>,
    metrics: item.metricsJson ? (JSON.parse(item.metricsJson) as Record<string, unknown>) : null,
    labelNames: JSON.parse(item.dataset.labelNamesJson) as string[],
    backend: item.backend,
    trainSize: item.trainSize,
    evalSize: item.evalSize,
    artifacts: item.artifacts.map((a) => ({
      kind: a.kind,
      path: a.path,
      shape: JSON.parse(a.shapeJson) as number[],
      dtype: a.dtype,
      bytes: a.bytes,
      sha256: a.sha256,
    })),
    predictions: item._count.predictions,
    jobs: item.jobs.map((j) => ({ id: j.id, status: j.status, attempts: j.attempts, workerId: j.workerId, error: j.error })),
  };
}

/** The proxies/centres of a finished run as rows with the class of each row (see lib/training/proxies.ts). */
export async function readRunProxies(
  db: Db,
  runId: number,
): Promise<{ data: Float32Array; shape: number[]; rowClasses: number[]; rowCenters: number[] } | undefined> {
  const a = await db.artifact.findFirst({ where: { runId, kind: 'proxies' } });
  if (!a) return undefined;
  const array = await readRunArray(runId, a);
  const notePath = await localArtifactFile(siblingPath(a.path, 'proxies.json'));
  if (!notePath) throw new UserError(`run ${runId}: proxies.json is missing next to ${a.path}: restore it, or train the run again`);
  const note = JSON.parse(fs.readFileSync(notePath, 'utf8')) as { rowClasses: number[]; rowCenters: number[] };
  return { ...array, rowClasses: note.rowClasses, rowCenters: note.rowCenters };
}
