// The train queue: a validated config becomes one Experiment, one Run per (fold, seed) and one Job
// per run, all in one transaction (rows written by lib/store/experiments.ts). Cancelling a queued
// job ends it at once; a running one is asked to stop (its worker sees the flag at its next
// heartbeat; if that worker died, the reaper ends it cancelled: cancel wins over re-queue).
import type { Db } from '../db/client';
import { ConfigError } from '../errors';
import { configHash, createExperimentWithRuns, refreshExperimentOfRun } from '../store/experiments';
import { formatProblems, validateTrainConfig, type TrainConfig } from '../training/config';
import type { ResolvedTargets } from '../training/config-db-checks';

export interface RunPlan {
  fold: number;
  seed: number;
}

/** The runs of a config: kfold = every fold for every seed; other protocols = one run per seed. */
export function planRuns(config: Pick<TrainConfig, 'protocol' | 'folds' | 'seeds'>): RunPlan[] {
  if (config.protocol !== 'kfold') return config.seeds.map((seed) => ({ fold: 0, seed }));
  return config.seeds.flatMap((seed) => Array.from({ length: config.folds }, (_, fold) => ({ fold, seed })));
}

/** Training examples per run (Run.sampleSize): samples, or perClass x classes. */
export function sampleSizeOf(config: TrainConfig, numClasses: number): number {
  if (config.protocol === 'per-class' || (config.protocol === 'official' && config.perClass)) return (config.perClass ?? 0) * numClasses;
  return config.samples;
}

export function defaultExperimentName(config: TrainConfig, datasetName = config.dataset): string {
  const size =
    config.protocol === 'per-class'
      ? `${config.perClass}/class`
      : config.protocol === 'official' && config.perClass
        ? `${config.perClass}/class official`
        : `n=${config.samples}`;
  return `${datasetName} ${config.loss}${config.loss === 'ce' ? '' : ` b=${config.beta}`} ${size}`;
}

/** Where queued runs go: their sweep, priority, and the worker tags they require (`--tags`, `--gpu`). */
export interface QueueOptions {
  sweepId?: number;
  priority?: number;
  tags?: string[];
}

export interface Enqueued {
  experimentId: number;
  runIds: number[];
  jobIds: number[];
}

/** Validates `input` (ConfigError listing every problem) and queues its runs. */
export async function enqueueTrain(db: Db, input: unknown, opts: QueueOptions = {}): Promise<Enqueued> {
  const v = await validateTrainConfig(db, input);
  if (!v.ok) throw new ConfigError(formatProblems(v.problems), 'train config');
  return enqueueValidated(db, v.config, v.targets, opts);
}

/** Queues an already validated config (sweeps validate all their configs first). */
export async function enqueueValidated(db: Db, config: TrainConfig, targets: ResolvedTargets, opts: QueueOptions = {}): Promise<Enqueued> {
  return db.$transaction((tx) => insertExperiment(tx as unknown as Db, config, targets, opts));
}

/** Creates the experiment, its runs and their jobs with `tx` (call inside a transaction). */
export async function insertExperiment(tx: Db, config: TrainConfig, targets: ResolvedTargets, opts: QueueOptions = {}): Promise<Enqueued> {
  const name = config.name ?? defaultExperimentName(config);
  const sampleSize = sampleSizeOf(config, targets.numClasses);
  const { name: _omit, ...shared } = config;
  return createExperimentWithRuns(
    tx,
    {
      sweepId: opts.sweepId ?? null,
      name,
      config: config,
      configHash: configHash(shared),
      datasetId: targets.datasetId,
      modelId: targets.modelId,
      loss: config.loss,
      beta: config.beta,
      sampleSize,
      protocol: config.protocol,
    },
    planRuns(config).map(({ fold, seed }) => ({ fold, seed, config: { ...config, fold, seed, modelPath: targets.modelPath } })),
    { priority: opts.priority, tags: opts.tags },
  );
}

export type CancelOutcome = 'cancelled' | 'cancel-requested' | 'already-finished' | 'not-found';

/** Cancels a job: a queued one ends now (its run cancelled, in one transaction); a running one is asked to stop. */
export async function cancelJob(db: Db, jobId: number): Promise<CancelOutcome> {
  return db.$transaction(
    async (t) => {
      const tx = t as unknown as Db;
      const queued = await tx.job.updateMany({
        where: { id: jobId, status: 'queued' },
        data: { status: 'cancelled', cancelRequested: true, finishedAt: new Date(), fenceToken: null },
      });
      const job = await tx.job.findUnique({ where: { id: jobId }, select: { status: true, runId: true } });
      if (!job) return 'not-found';
      if (queued.count) {
        if (job.runId) {
          await tx.run.updateMany({
            where: { id: job.runId, status: { in: ['queued', 'interrupted'] } },
            data: { status: 'cancelled', error: 'cancelled before it ran', finishedAt: new Date() },
          });
          await refreshExperimentOfRun(tx, job.runId);
        }
        return 'cancelled';
      }
      const running = await tx.job.updateMany({ where: { id: jobId, status: 'running' }, data: { cancelRequested: true } });
      return running.count ? 'cancel-requested' : 'already-finished';
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** Cancels every unfinished job of a run (a run without jobs that has not started is cancelled directly). */
export async function cancelRun(db: Db, runId: number): Promise<CancelOutcome> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) return 'not-found';
  const jobs = await db.job.findMany({ where: { runId, status: { in: ['queued', 'running'] } }, select: { id: true } });
  if (!jobs.length) {
    if (run.status !== 'queued' && run.status !== 'interrupted') return 'already-finished';
    await db.run.update({ where: { id: runId }, data: { status: 'cancelled', error: 'cancelled before it ran', finishedAt: new Date() } });
    await refreshExperimentOfRun(db, runId);
    return 'cancelled';
  }
  const outcomes = await Promise.all(jobs.map((j) => cancelJob(db, j.id)));
  return outcomes.includes('cancel-requested') ? 'cancel-requested' : 'cancelled';
}
