// What a job process does with each kind of job. A handler runs one claimed job and reports how
// it ended; `tick` throws RunStopped when the job must stop (cancelled, lease lost, worker
// shutting down). Handlers run in the job process (lib/jobs/job-process.ts), never in the
// worker, and load lazily: the worker itself never loads tfjs.
import type { Db } from '../db/client';
import type { Fence } from '../store/job-rows';
import type { StepInfo, StepPhase } from '../training/train-loop';
import type { ClaimedJob } from './lease';
import { stopReasonOf } from './stop';

export interface JobContext {
  db: Db;
  job: ClaimedJob;
  /** This claim's fence: writes made with it land only while the claim holds the job. */
  fence: Fence;
  /** Checks whether to go on (stop asked, claim still held), relays progress; throws RunStopped. */
  tick: (progressJson?: string) => Promise<void>;
  /** Foreground display of training steps (the CLI progress bar). */
  onStep?: (s: StepInfo, runId: number) => void;
  /** Within a training step (forward/backward), for progress of slow models. */
  onPhase?: (phase: StepPhase) => void;
}

export interface JobOutcome {
  status: 'done' | 'failed' | 'cancelled' | 'interrupted' | 'lost';
  error?: string;
  result?: unknown;
  /** True when the handler already ended the job in the database (fenced, with its results). */
  recorded?: boolean;
}

export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>;

const trainHandler: JobHandler = async ({ db, job, fence, tick, onStep, onPhase }) => {
  const { executeRun } = await import('../training/execute-run');
  const runId = Number(job.payload.runId ?? job.runId);
  const outcome = await executeRun(db, runId, {
    fence,
    stopReason: stopReasonOf,
    onPhase,
    onProgress: (p) => tick(JSON.stringify(p)),
    onTick: () => tick(),
    onStep: onStep ? (s) => onStep(s, runId) : undefined,
  });
  // executeRun ended the job itself, in the transaction that stored the run's outcome
  return {
    status: outcome.status,
    error: outcome.error,
    recorded: true,
    result: outcome.metrics ? { runId, accuracy: outcome.metrics.accuracy, durationMs: outcome.durationMs } : { runId },
  };
};

/** Job kind -> handler (explanations, projections and analyses: lib/explain/jobs.ts). */
export const JOB_HANDLERS: Record<string, () => Promise<JobHandler>> = {
  train: () => Promise.resolve(trainHandler),
  explain: async () => (await import('../explain/jobs')).explainJobHandler,
  project: async () => (await import('../explain/jobs')).projectJobHandler,
  analyze: async () => (await import('../explain/jobs')).analyzeJobHandler,
};

/** Every job kind a worker can run. */
export const JOB_KINDS = Object.keys(JOB_HANDLERS);
