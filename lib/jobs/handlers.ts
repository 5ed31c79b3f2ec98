// What a worker does with each kind of job. A handler runs one claimed job and reports how it
// ended; `tick` renews the lease and throws RunStopped when the job must stop (cancelled, lease
// lost, worker shutting down). Handlers load lazily so the worker starts fast.
import type { Db } from '../db/client';
import type { StepInfo } from '../training/train-loop';
import type { ClaimedJob } from './lease';

export interface JobContext {
  db: Db;
  job: ClaimedJob;
  /** Renews the lease, stores progress, and throws RunStopped when the job must stop. */
  tick(progressJson?: string): Promise<void>;
  /** Foreground display of training steps (the CLI progress bar). */
  onStep?(s: StepInfo, runId: number): void;
}

export interface JobOutcome {
  status: 'done' | 'failed' | 'cancelled' | 'interrupted' | 'lost';
  error?: string;
  result?: unknown;
}

export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>;

const trainHandler: JobHandler = async ({ db, job, tick, onStep }) => {
  const { executeRun } = await import('../training/execute-run');
  const runId = Number(job.payload.runId ?? job.runId);
  const outcome = await executeRun(db, runId, {
    onProgress: (p) => tick(JSON.stringify(p)),
    onTick: () => tick(),
    onStep: onStep ? (s) => onStep(s, runId) : undefined,
  });
  return { status: outcome.status, error: outcome.error, result: outcome.metrics ? { runId, accuracy: outcome.metrics.accuracy, durationMs: outcome.durationMs } : { runId } };
};

/** Job kind -> handler (explanations, projections and analyses: lib/explain/jobs.ts). */
export const JOB_HANDLERS: Record<string, () => Promise<JobHandler>> = {
  train: async () => trainHandler,
  explain: async () => (await import('../explain/jobs')).explainJobHandler,
  project: async () => (await import('../explain/jobs')).projectJobHandler,
  analyze: async () => (await import('../explain/jobs')).analyzeJobHandler,
};
