// A worker process loop: reap expired leases, claim the next job atomically, run it in a job
// process (lib/jobs/job-runner.ts) while heartbeating, and sleep when the queue is empty. Several
// workers may run at once (each claim is atomic and fenced). A worker asked to stop (signal)
// takes no new job and gives its job back (run interrupted, job queued again, not counted as an
// attempt); a killed worker's lease simply expires. The Worker row heartbeats too (status idle or
// busy, heartbeatAt, currentJobId, tags), so the overview can tell live workers from dead ones.
// A worker holding tags (`worker --tags`, `--gpu`) also takes jobs that require them; others only
// untagged jobs (lib/store/job-tags.ts).
// This module never loads tfjs: the job's compute runs in the job process.
import os from 'node:os';
import { urlOfDb, type Db } from '../db/client';
import { recordWorker } from '../store/workers';
import type { StepInfo } from '../training/train-loop';
import { JOB_KINDS, type JobOutcome } from './handlers';
import { JobProcessHost, runJobProcess } from './job-runner';
import { EmbeddedJobQueue, type JobQueue } from './job-queue';
import { DEFAULT_LEASE_MS, liveLeases, MAX_ATTEMPTS, type ClaimedJob } from './lease';

export { RunStopped } from './stop';

export interface WorkerOptions {
  workerId?: string;
  leaseMs?: number;
  /** Heartbeat this often (default leaseMs / 3). */
  heartbeatMs?: number;
  pollMs?: number;
  /** Drain and exit: when nothing is claimable and no live lease of a job it could take is left. */
  exitWhenIdle?: boolean;
  maxJobs?: number;
  /** Lost leases after which a job ends failed (default 3). */
  maxAttempts?: number;
  /** Only these jobs (the foreground `train`). */
  jobIds?: number[];
  kinds?: string[];
  /**
   * The tags this worker holds (`worker --tags`, `--gpu`): it takes only jobs whose required tags it
   * all holds (default none: untagged jobs only; with `jobIds` and no tags: those jobs whatever their tags).
   */
  tags?: string[];
  /** The queue to claim from (default: the embedded queue on `db`; lib/jobs/queue-choice.ts picks pg-boss on PostgreSQL). */
  queue?: JobQueue;
  signal?: AbortSignal;
  /** How long a job asked to stop may take before it is killed (default max(2 s, heartbeat)). */
  stopGraceMs?: number;
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
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** Runs jobs until stopped (signal), drained (exitWhenIdle) or maxJobs; returns the jobs handled. */
export async function runWorker(db: Db, opts: WorkerOptions = {}): Promise<number> {
  const workerId = opts.workerId ?? defaultWorkerId();
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const heartbeatMs = opts.heartbeatMs ?? Math.max(50, Math.floor(leaseMs / 3));
  const pollMs = opts.pollMs ?? 2000;
  const kinds = opts.kinds ?? JOB_KINDS;
  const log = opts.log ?? (() => {});
  const dbUrl = urlOfDb(db);
  let handled = 0;
  let lastIdleBeat = 0;
  const queue = opts.queue ?? new EmbeddedJobQueue(db);
  const tags = opts.tags ?? (opts.jobIds ? undefined : []);
  let status = { status: 'idle', currentJobId: null as number | null };
  const setWorker = (s: string, currentJobId: number | null) => {
    status = { status: s, currentJobId };
    return recordWorker(db, { id: workerId, status: s, currentJobId, tags: tags ?? [] });
  };
  const host = new JobProcessHost(dbUrl, (backend) => {
    recordWorker(db, { id: workerId, ...status, backend }).catch((err: unknown) =>
      log(`could not record the worker's backend (${(err as Error).message})`),
    );
  });
  await setWorker('idle', null);
  try {
    while (!opts.signal?.aborted && (opts.maxJobs === undefined || handled < opts.maxJobs)) {
      const reaped = await queue.reap({ maxAttempts: opts.maxAttempts ?? MAX_ATTEMPTS });
      if (reaped.length) log(`reaped job(s) ${reaped.join(', ')} whose worker stopped heartbeating`);
      if (opts.signal?.aborted) break;
      const job = await queue.claim(workerId, { leaseMs, kinds, jobIds: opts.jobIds, tags });
      if (!job) {
        let wait = pollMs;
        if (opts.exitWhenIdle) {
          // drain: jobs other workers hold may still come back (their lease runs out) or end
          const live = await liveLeases(db, { kinds, jobIds: opts.jobIds, tags, exceptWorker: workerId });
          if (live.count === 0) break;
          if (live.firstEnd) wait = Math.max(50, Math.min(pollMs, live.firstEnd.getTime() - Date.now() + 50));
        }
        if (Date.now() - lastIdleBeat >= heartbeatMs) {
          lastIdleBeat = Date.now();
          await setWorker('idle', null);
        }
        await sleep(wait, opts.signal);
        continue;
      }
      log(`job ${job.id} (${job.kind}${job.runId ? `, run ${job.runId}` : ''}, attempt ${job.attempts}) started`);
      await setWorker('busy', job.id);
      let outcome: JobOutcome;
      try {
        outcome = await runJobProcess(db, job, host, {
          workerId,
          dbUrl,
          leaseMs,
          heartbeatMs,
          stopGraceMs: opts.stopGraceMs,
          signal: opts.signal,
          log,
          onStep: opts.onStep,
          queue,
          onHeartbeat: () => setWorker('busy', job.id),
        });
      } catch (err) {
        outcome = { status: 'failed', error: `could not record the job's end: ${(err as Error).message}` };
      }
      await queue.settle(job).catch((err: unknown) => log(`job ${job.id}: could not close its dispatch (${(err as Error).message})`));
      await setWorker('idle', null);
      lastIdleBeat = Date.now();
      log(`job ${job.id} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`);
      opts.onJobEnd?.(job, outcome);
      handled++;
    }
  } finally {
    host.close();
    await setWorker('stopped', null).catch(() => {});
  }
  return handled;
}
