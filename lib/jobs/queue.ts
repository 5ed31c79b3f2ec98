// The train queue: a validated config becomes one Experiment, one Run per (fold, seed) and one Job
// per run, all in one transaction (rows written by lib/store/experiments.ts). Cancelling a queued
// job ends it at once; a running one is asked to stop (its worker sees the flag at its next
// heartbeat; if that worker died, the reaper ends it cancelled: cancel wins over re-queue; the
// rows: lib/store/job-cancel.ts).
import type { Db } from '../db/client';
import { ConfigError } from '../errors';
import { configHash, createExperimentWithRuns } from '../store/experiments';
import { inTransaction } from '../store/transaction';
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
  return inTransaction(db, (tx) => insertExperiment(tx, config, targets, opts));
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

export { cancelJob, cancelRun, type CancelOutcome } from '../store/job-cancel';
