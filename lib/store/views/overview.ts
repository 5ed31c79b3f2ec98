// Read model of the Overview page: data sets, models, recent experiments and sweeps, the job queue,
// the workers' states and the dashboard's worker pool (workers.ts).
import type { Db } from '../../db/client';
import { parseJson } from './json';
import { readRunMetrics } from './run-metrics';
import { meanStd, type MeanStd } from './stats';
import { getWorkersView, type UnservedTags, type WorkerView } from './workers';
import type { PoolStatus } from '../pool-status';

export { WORKER_STALE_MS } from './workers';

export interface OverviewView {
  counts: { datasets: number; models: number; experiments: number; runs: number; sweeps: number; predictions: number };
  datasets: { id: number; name: string; numClasses: number; labelNames: string[]; examples: number; runs: number }[];
  models: { id: number; name: string; arch: string; origin: string; numParams: number | null; runs: number }[];
  experiments: {
    id: number;
    name: string;
    dataset: string;
    loss: string;
    beta: number;
    sampleSize: number | null;
    status: string;
    runs: number;
    accuracy?: MeanStd;
    createdAt: string;
  }[];
  sweeps: { id: number; name: string; status: string; experiments: number; createdAt: string }[];
  queue: Record<'queued' | 'running' | 'done' | 'failed' | 'cancelled', number>;
  recentJobs: { id: number; kind: string; status: string; runId: number | null; error: string | null; createdAt: string }[];
  workers: WorkerView[];
  /** Live workers (any machine). */
  liveWorkers: number;
  /** Worker pools of live dashboard servers on this machine. */
  pools: PoolStatus[];
  /** Queued jobs whose required tags no live worker holds (`sweep --tags`/`--gpu`), by tag set. */
  unservedTags: UnservedTags[];
}

export async function getOverview(db: Db, now = new Date()): Promise<OverviewView> {
  const [
    datasets,
    exampleCounts,
    runCountsByDataset,
    models,
    runCountsByModel,
    experiments,
    sweeps,
    jobGroups,
    recentJobs,
    workers,
    counts,
  ] = await Promise.all([
    db.dataset.findMany({ orderBy: { name: 'asc' } }),
    db.example.groupBy({ by: ['datasetId'], _count: { _all: true } }),
    db.run.groupBy({ by: ['datasetId'], _count: { _all: true } }),
    db.model.findMany({ orderBy: { name: 'asc' } }),
    db.run.groupBy({ by: ['modelId'], _count: { _all: true } }),
    db.experiment.findMany({
      orderBy: { id: 'desc' },
      take: 8,
      include: { dataset: { select: { name: true } }, runs: { select: { metricsJson: true, status: true } } },
    }),
    db.sweep.findMany({ orderBy: { id: 'desc' }, take: 6, include: { _count: { select: { experiments: true } } } }),
    db.job.groupBy({ by: ['status'], _count: { _all: true } }),
    db.job.findMany({ orderBy: { id: 'desc' }, take: 6 }),
    getWorkersView(db, now),
    Promise.all([db.experiment.count(), db.run.count(), db.sweep.count(), db.prediction.count()]),
  ]);
  const examplesBy = new Map(exampleCounts.map((c) => [c.datasetId, c._count._all]));
  const runsByDataset = new Map(runCountsByDataset.map((c) => [c.datasetId, c._count._all]));
  const runsByModel = new Map(runCountsByModel.map((c) => [c.modelId, c._count._all]));
  const queue = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
  for (const g of jobGroups) if (g.status in queue) queue[g.status as keyof typeof queue] = g._count._all;
  const [experimentCount, runCount, sweepCount, predictionCount] = counts;
  return {
    counts: {
      datasets: datasets.length,
      models: models.length,
      experiments: experimentCount,
      runs: runCount,
      sweeps: sweepCount,
      predictions: predictionCount,
    },
    datasets: datasets.map((d) => ({
      id: d.id,
      name: d.name,
      numClasses: d.numClasses,
      labelNames: parseJson<string[]>(d.labelNamesJson, []),
      examples: examplesBy.get(d.id) ?? 0,
      runs: runsByDataset.get(d.id) ?? 0,
    })),
    models: models.map((m) => ({
      id: m.id,
      name: m.name,
      arch: m.arch,
      origin: m.origin,
      numParams: m.numParams,
      runs: runsByModel.get(m.id) ?? 0,
    })),
    experiments: experiments.map((e) => ({
      id: e.id,
      name: e.name,
      dataset: e.dataset.name,
      loss: e.loss,
      beta: e.beta,
      sampleSize: e.sampleSize,
      status: e.status,
      runs: e.runs.length,
      accuracy: meanStd(e.runs.map((r) => readRunMetrics(r.metricsJson)?.accuracy ?? NaN)),
      createdAt: e.createdAt.toISOString(),
    })),
    sweeps: sweeps.map((s) => ({
      id: s.id,
      name: s.name,
      status: s.status,
      experiments: s._count.experiments,
      createdAt: s.createdAt.toISOString(),
    })),
    queue,
    recentJobs: recentJobs.map((j) => ({
      id: j.id,
      kind: j.kind,
      status: j.status,
      runId: j.runId,
      error: j.error,
      createdAt: j.createdAt.toISOString(),
    })),
    workers: workers.workers,
    liveWorkers: workers.alive,
    pools: workers.pools,
    unservedTags: workers.unserved,
  };
}
