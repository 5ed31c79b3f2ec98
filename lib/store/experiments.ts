// Repository of the Experiment aggregate: creation with its runs and jobs, status from its runs
// (and its sweep's from its experiments: the one roll-up), and the summary (mean +- population std
// of each metric over the runs that finished).
import crypto from 'node:crypto';
import type { Db } from '../db/client';
import { meanStd, type MeanStd } from '../eval/stats';
import { createJob } from './job-rows';

export const SUMMARY_METRICS = ['accuracy', 'macroF1', 'weightedF1', 'ece', 'proxyAccuracy'] as const;

export interface ExperimentSummary {
  runs: number; // runs in the experiment
  done: number; // runs summarised
  metrics: Partial<Record<(typeof SUMMARY_METRICS)[number], MeanStd>>;
  std: 'population';
}

/** sha256 of a config with sorted keys (fold/seed-free configs of equal content hash equal). */
export function configHash(config: Record<string, unknown>): string {
  const canonical = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(canonical)
      : x && typeof x === 'object'
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, canonical((x as Record<string, unknown>)[k])]),
          )
        : x;
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(canonical(config)))
    .digest('hex');
}

/** Mean +- population std of every summary metric over the given runs' metrics. */
export function summarizeRuns(metrics: (Record<string, unknown> | null)[]): ExperimentSummary {
  const done = metrics.filter((m): m is Record<string, unknown> => m !== null);
  const out: ExperimentSummary = { runs: metrics.length, done: done.length, metrics: {}, std: 'population' };
  for (const key of SUMMARY_METRICS) {
    const xs = done.map((m) => m[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (xs.length) out.metrics[key] = meanStd(xs);
  }
  return out;
}

/**
 * The one status roll-up (experiment from its runs, sweep from its experiments): queued until
 * something starts; running while anything is unfinished; then failed, done or cancelled.
 */
export function rollUpStatus(statuses: string[]): string {
  if (statuses.every((s) => s === 'queued')) return 'queued';
  if (statuses.some((s) => s === 'queued' || s === 'running' || s === 'interrupted')) return 'running';
  if (statuses.some((s) => s === 'failed')) return 'failed';
  return statuses.some((s) => s === 'done') ? 'done' : 'cancelled';
}

/** Recomputes an experiment's status and summary from its runs, then its sweep's (call after any run changes). */
export async function refreshExperiment(db: Db, experimentId: number): Promise<void> {
  const runs = await db.run.findMany({ where: { experimentId }, select: { status: true, metricsJson: true } });
  const summary = summarizeRuns(
    runs.map((r) => (r.status === 'done' && r.metricsJson ? (JSON.parse(r.metricsJson) as Record<string, unknown>) : null)),
  );
  const exp = await db.experiment.update({
    where: { id: experimentId },
    data: { status: rollUpStatus(runs.map((r) => r.status)), summaryJson: JSON.stringify(summary) },
  });
  if (exp.sweepId) await refreshSweep(db, exp.sweepId);
}

/** The experiment of a run, refreshed (nothing when the run has none). */
export async function refreshExperimentOfRun(db: Db, runId: number): Promise<void> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { experimentId: true } });
  if (run?.experimentId) await refreshExperiment(db, run.experimentId);
}

/** Sweep status from its experiments' statuses. */
export async function refreshSweep(db: Db, sweepId: number): Promise<void> {
  const exps = await db.experiment.findMany({ where: { sweepId }, select: { status: true } });
  const status = rollUpStatus(exps.map((e) => e.status));
  const finished = status !== 'queued' && status !== 'running';
  await db.sweep.update({ where: { id: sweepId }, data: { status, finishedAt: finished ? new Date() : null } });
}

export interface NewExperiment {
  sweepId: number | null;
  name: string;
  config: Record<string, unknown>;
  configHash: string;
  datasetId: number;
  modelId: number | null;
  loss: string;
  beta: number;
  sampleSize: number | null;
  protocol: string;
}

export interface NewRun {
  fold: number;
  seed: number;
  config: Record<string, unknown>;
}

/**
 * Creates a queued experiment with its runs and one job per run, using `tx` (call inside a
 * transaction). Returns the ids, runs and jobs in the order given.
 */
export async function createExperimentWithRuns(
  tx: Db,
  e: NewExperiment,
  runs: NewRun[],
  job: { priority?: number; tags?: string[] } = {},
): Promise<{ experimentId: number; runIds: number[]; jobIds: number[] }> {
  const exp = await tx.experiment.create({
    data: {
      sweepId: e.sweepId,
      name: e.name,
      configJson: JSON.stringify(e.config),
      configHash: e.configHash,
      datasetId: e.datasetId,
      modelId: e.modelId,
      loss: e.loss,
      beta: e.beta,
      sampleSize: e.sampleSize,
      protocol: e.protocol,
      status: 'queued',
    },
  });
  const runIds: number[] = [];
  const jobIds: number[] = [];
  for (const r of runs) {
    const run = await tx.run.create({
      data: {
        experimentId: exp.id,
        datasetId: e.datasetId,
        modelId: e.modelId,
        status: 'queued',
        configJson: JSON.stringify(r.config),
        loss: e.loss,
        beta: e.beta,
        sampleSize: e.sampleSize,
        fold: r.fold,
        seed: r.seed,
      },
    });
    runIds.push(run.id);
    jobIds.push(
      await createJob(tx, {
        kind: 'train',
        payload: { runId: run.id },
        runId: run.id,
        sweepId: e.sweepId,
        priority: job.priority,
        tags: job.tags,
      }),
    );
  }
  return { experimentId: exp.id, runIds, jobIds };
}

/** Creates a sweep row (inside the caller's transaction). */
export async function createSweep(tx: Db, name: string, spec: unknown): Promise<number> {
  return (await tx.sweep.create({ data: { name, configJson: JSON.stringify(spec), status: 'queued' } })).id;
}
