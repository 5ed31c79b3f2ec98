// What the dashboard fixture seeds (scripts/seed-dashboard.ts): its sizes, the bench's sizes
// (2,000 runs / 200,000 predictions) and what a seed returns for tests to point at.
import { dataHome } from '../../lib/paths';

export interface SeedOptions {
  datasets?: number;
  losses?: string[];
  sampleSizes?: number[];
  folds?: number;
  evalExamples?: number;
  curveSteps?: number;
  /** Embeddings and projections for fold 0 of the first data set (all losses, all sample sizes). */
  artifacts?: boolean;
  attributedExamples?: number;
  seed?: number;
  dataHome?: string;
  /** Runs that are running, queued and failed, jobs and a worker (for the status displays). */
  extras?: boolean;
}

export type ResolvedSeedOptions = Required<SeedOptions>;

export interface SeedResult {
  sweepId: number;
  modelId: number;
  datasetIds: number[];
  experimentIds: number[];
  runIds: number[];
  predictions: number;
  /** CE and SoftTriple runs on the same sentences (fold 0, first data set, smallest sample size), with attributions. */
  pair: { ceRunId: number; dmlRunId: number };
  extras?: { runningRunId: number; queuedRunId: number; failedRunId: number };
}

/** The performance bench's fixture: 5 data sets x 5 losses x 4 sample sizes x 20 folds = 2,000 runs of 100 predictions. */
export const BENCH_SEED: SeedOptions = {
  datasets: 5,
  losses: ['ce', 'soft-triple', 'proxy-anchor', 'supcon', 'proxy-nca'],
  sampleSizes: [10, 20, 40, 80],
  folds: 20,
  evalExamples: 100,
  curveSteps: 12,
  artifacts: true,
  attributedExamples: 10,
  extras: true,
};

export function resolveSeedOptions(opts: SeedOptions): ResolvedSeedOptions {
  return {
    datasets: 2,
    losses: ['ce', 'soft-triple', 'proxy-anchor'],
    sampleSizes: [10, 20, 40],
    folds: 4,
    evalExamples: 60,
    curveSteps: 30,
    artifacts: true,
    attributedExamples: 8,
    seed: 2048,
    dataHome: dataHome(),
    extras: true,
    ...opts,
  };
}
