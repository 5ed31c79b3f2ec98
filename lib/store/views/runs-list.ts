// Read model of the Runs page: runs or experiments, filtered, sorted and paged in SQL.
import type { Prisma } from '@prisma/client';
import type { Db } from '../../db/client';
import { finishedRunMetrics } from './metric-values';
import { readProgress, readRunMetrics, type RunProgress } from './run-metrics';
import { meanStd, type MeanStd } from './stats';
import type { RunsQuery } from './runs-query';

export interface RunRow {
  id: number;
  experimentId: number | null;
  experimentName: string | null;
  dataset: string;
  model: string | null;
  loss: string;
  beta: number;
  sampleSize: number | null;
  fold: number;
  seed: number;
  status: string;
  accuracy?: number;
  macroF1?: number;
  progress?: RunProgress;
  durationMs: number | null;
  createdAt: string;
}

export interface ExperimentRow {
  id: number;
  name: string;
  sweepId: number | null;
  dataset: string;
  model: string | null;
  loss: string;
  beta: number;
  sampleSize: number | null;
  status: string;
  runs: number;
  accuracy?: MeanStd;
  macroF1?: MeanStd;
  createdAt: string;
}

export interface FilterOptions {
  datasets: string[];
  models: string[];
  losses: string[];
  betas: number[];
  sampleSizes: number[];
  statuses: string[];
}

export interface RunsListView {
  total: number;
  page: number;
  pages: number;
  size: number;
  runs: RunRow[];
  experiments: ExperimentRow[];
  options: FilterOptions;
}

/** Filters shared by runs and experiments (both carry dataset, model, loss, beta, sample size, status). */
function commonWhere(q: RunsQuery) {
  return {
    ...(q.dataset ? { dataset: { name: q.dataset } } : {}),
    ...(q.model ? { model: { name: q.model } } : {}),
    ...(q.loss ? { loss: q.loss } : {}),
    ...(q.beta !== undefined ? { beta: q.beta } : {}),
    ...(q.sampleSize !== undefined ? { sampleSize: q.sampleSize } : {}),
    ...(q.status ? { status: q.status } : {}),
  };
}

function orderBy(q: RunsQuery, forRuns: boolean): Prisma.RunOrderByWithRelationInput[] {
  const dir = q.dir;
  const key = !forRuns && (q.sort === 'fold' || q.sort === 'durationMs') ? 'id' : q.sort;
  const primary: Prisma.RunOrderByWithRelationInput =
    key === 'dataset' ? { dataset: { name: dir } } : key === 'model' ? { model: { name: dir } } : { [key]: dir };
  return key === 'id' ? [primary] : [primary, { id: 'desc' }];
}

export async function listRuns(db: Db, q: RunsQuery): Promise<RunsListView> {
  const options = await filterOptions(db);
  const skip = (q.page - 1) * q.size;
  if (q.view === 'experiments') {
    const where: Prisma.ExperimentWhereInput = { ...commonWhere(q), ...(q.sweep !== undefined ? { sweepId: q.sweep } : {}) };
    const [total, rows] = await Promise.all([
      db.experiment.count({ where }),
      db.experiment.findMany({
        where,
        skip,
        take: q.size,
        orderBy: orderBy(q, false),
        include: { dataset: { select: { name: true } }, model: { select: { name: true } }, _count: { select: { runs: true } } },
      }),
    ]);
    const finished = await finishedRunMetrics(
      db,
      rows.map((e) => e.id),
      ['accuracy', 'macroF1'],
    );
    const experiments = rows.map((e) => {
      const metrics = finished.filter((r) => r.experimentId === e.id).map((r) => r.values);
      return {
        id: e.id,
        name: e.name,
        sweepId: e.sweepId,
        dataset: e.dataset.name,
        model: e.model?.name ?? null,
        loss: e.loss,
        beta: e.beta,
        sampleSize: e.sampleSize,
        status: e.status,
        runs: e._count.runs,
        accuracy: meanStd(metrics.map((m) => m.accuracy ?? NaN)),
        macroF1: meanStd(metrics.map((m) => m.macroF1 ?? NaN)),
        createdAt: e.createdAt.toISOString(),
      };
    });
    return { total, page: q.page, size: q.size, pages: Math.max(1, Math.ceil(total / q.size)), runs: [], experiments, options };
  }
  const where: Prisma.RunWhereInput = {
    ...commonWhere(q),
    ...(q.experiment !== undefined ? { experimentId: q.experiment } : {}),
    ...(q.sweep !== undefined ? { experiment: { sweepId: q.sweep } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.run.count({ where }),
    db.run.findMany({
      where,
      skip,
      take: q.size,
      orderBy: orderBy(q, true),
      select: {
        id: true,
        experimentId: true,
        loss: true,
        beta: true,
        sampleSize: true,
        fold: true,
        seed: true,
        status: true,
        metricsJson: true,
        progressJson: true,
        durationMs: true,
        createdAt: true,
        experiment: { select: { name: true } },
        dataset: { select: { name: true } },
        model: { select: { name: true } },
      },
    }),
  ]);
  const runs = rows.map((r) => {
    const m = readRunMetrics(r.metricsJson);
    return {
      id: r.id,
      experimentId: r.experimentId,
      experimentName: r.experiment?.name ?? null,
      dataset: r.dataset.name,
      model: r.model?.name ?? null,
      loss: r.loss,
      beta: r.beta,
      sampleSize: r.sampleSize,
      fold: r.fold,
      seed: r.seed,
      status: r.status,
      accuracy: m?.accuracy,
      macroF1: m?.macroF1,
      progress: r.status === 'running' || r.status === 'queued' ? readProgress(r.progressJson) : undefined,
      durationMs: r.durationMs,
      createdAt: r.createdAt.toISOString(),
    };
  });
  return { total, page: q.page, size: q.size, pages: Math.max(1, Math.ceil(total / q.size)), runs, experiments: [], options };
}

/** Distinct values for the filter drop-downs (distinct scans over indexed columns). */
export async function filterOptions(db: Db): Promise<FilterOptions> {
  const [datasets, models, losses, betas, sizes, statuses] = await Promise.all([
    db.dataset.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
    db.model.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
    db.experiment.findMany({ distinct: ['loss'], select: { loss: true } }),
    db.experiment.findMany({ distinct: ['beta'], select: { beta: true } }),
    db.experiment.findMany({ distinct: ['sampleSize'], select: { sampleSize: true } }),
    db.run.findMany({ distinct: ['status'], select: { status: true } }),
  ]);
  const runLosses = losses.length ? [] : await db.run.findMany({ distinct: ['loss'], select: { loss: true } });
  return {
    datasets: datasets.map((d) => d.name),
    models: models.map((m) => m.name),
    losses: [...new Set([...losses, ...runLosses].map((l) => l.loss))].sort(),
    betas: betas.map((b) => b.beta).sort((a, b) => a - b),
    sampleSizes: sizes
      .map((s) => s.sampleSize)
      .filter((s): s is number => s !== null)
      .sort((a, b) => a - b),
    statuses: statuses.map((s) => s.status).sort(),
  };
}
