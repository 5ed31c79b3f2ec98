// A worker process loop: reap expired leases, claim the next job atomically, run it while
// heartbeating, record how it ended; sleep when the queue is empty. Several workers may run at
// once (each claim is atomic). A worker asked to stop (signal) gives its job back: the run is
// marked interrupted and the job queued again; a killed worker's lease simply expires.
import os from 'node:os';
import type { Db } from '../db/client';
import { RunStopped } from '../training/execute-run';
import type { StepInfo } from '../training/train-loop';
import { JOB_HANDLERS, type JobOutcome } from './handlers';
import { claimJob, DEFAULT_LEASE_MS, finishJob, heartbeat, reapExpiredLeases, releaseJob, type ClaimedJob } from './lease';

export interface WorkerOptions {
  workerId?: string;
  leaseMs?: number;
  /** Heartbeat at most this often (default leaseMs / 6). */
  heartbeatMs?: number;
  pollMs?: number;
  /** Exit when the queue is empty instead of waiting. */
  exitWhenIdle?: boolean;
  maxJobs?: number;
  /** Only these jobs (the foreground `train`). */
  jobIds?: number[];
  kinds?: string[];
  signal?: AbortSignal;
  log?: (line: string) => void;
  onStep?: (s: StepInfo, runId: number) => void;
  onJobEnd?: (job: ClaimedJob, outcome: JobOutcome) => void;
}

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

async function setWorker(db: Db, id: string, status: string, currentJobId: number | null): Promise<void> {
  const now = new Date();
  await db.worker.upsert({ where: { id }, create: { id, pid: process.pid, host: os.hostname(), status, currentJobId, heartbeatAt: now }, update: { status, currentJobId, heartbeatAt: now } });
}

async function runOne(db: Db, job: ClaimedJob, workerId: string, o: Required<Pick<WorkerOptions, 'leaseMs' | 'heartbeatMs'>> & WorkerOptions): Promise<JobOutcome> {
  const load = JOB_HANDLERS[job.kind];
  if (!load) return { status: 'failed', error: `no handler for job kind "${job.kind}"` };
  let last = 0;
  const tick = async (progressJson?: string) => {
    if (o.signal?.aborted) throw new RunStopped('shutdown', `worker ${workerId} stopped`);
    if (progressJson === undefined && Date.now() - last < o.heartbeatMs) return;
    last = Date.now();
    const answer = await heartbeat(db, job.id, workerId, { leaseMs: o.leaseMs, progressJson });
    if (!answer.held) throw new RunStopped('lease-lost', `worker ${workerId} lost the lease of job ${job.id}`);
    if (answer.cancelRequested) throw new RunStopped('cancelled', 'cancelled by the user');
  };
  // Between ticks (model loading, a long step) a timer keeps the lease alive while the event loop is free.
  const timer = setInterval(() => void heartbeat(db, job.id, workerId, { leaseMs: o.leaseMs }).catch(() => {}), o.heartbeatMs);
  try {
    return await (await load())({ db, job, tick, onStep: o.onStep });
  } catch (err) {
    return { status: 'failed', error: (err as Error).message ?? String(err) };
  } finally {
    clearInterval(timer);
  }
}

async function recordOutcome(db: Db, job: ClaimedJob, workerId: string, outcome: JobOutcome): Promise<void> {
  if (outcome.status === 'lost') return;
  if (outcome.status === 'interrupted') return releaseJob(db, job.id, workerId, outcome.error ?? 'worker stopped');
  await finishJob(db, job.id, workerId, outcome.status, { error: outcome.error, resultJson: outcome.result === undefined ? undefined : JSON.stringify(outcome.result) });
}

/** Runs jobs until stopped (signal), idle (exitWhenIdle) or maxJobs; returns the jobs handled. */
export async function runWorker(db: Db, opts: WorkerOptions = {}): Promise<number> {
  const workerId = opts.workerId ?? defaultWorkerId();
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const o = { ...opts, leaseMs, heartbeatMs: opts.heartbeatMs ?? Math.max(50, Math.floor(leaseMs / 6)) };
  const log = opts.log ?? (() => {});
  let handled = 0;
  await setWorker(db, workerId, 'idle', null);
  try {
    while (!opts.signal?.aborted && (opts.maxJobs === undefined || handled < opts.maxJobs)) {
      const reaped = await reapExpiredLeases(db);
      if (reaped.length) log(`requeued job(s) ${reaped.join(', ')} whose worker stopped heartbeating`);
      const job = await claimJob(db, workerId, { leaseMs, kinds: opts.kinds ?? Object.keys(JOB_HANDLERS), jobIds: opts.jobIds });
      if (!job) {
        if (opts.exitWhenIdle) break;
        await sleep(opts.pollMs ?? 2000, opts.signal);
        continue;
      }
      log(`job ${job.id} (${job.kind}${job.runId ? `, run ${job.runId}` : ''}, attempt ${job.attempts}) started`);
      await setWorker(db, workerId, 'busy', job.id);
      const outcome = await runOne(db, job, workerId, o);
      await recordOutcome(db, job, workerId, outcome);
      await setWorker(db, workerId, 'idle', null);
      log(`job ${job.id} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`);
      opts.onJobEnd?.(job, outcome);
      handled++;
    }
  } finally {
    await setWorker(db, workerId, 'stopped', null).catch(() => {});
  }
  return handled;
}
