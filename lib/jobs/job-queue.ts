// The JobQueue seam: everything workers, the CLI and the dashboard need from a job queue, so a
// second implementation (pg-boss on PostgreSQL) can stand next to the embedded one and pass the
// same contract suite (test/jobs/queue-contract.ts). Semantics every implementation keeps:
// atomic claims with a new fence token each; heartbeats extend the lease and report cancels;
// writes fenced by the token; cancel of queued (at once) and running jobs (flag, seen at the next
// heartbeat; a dead worker's cancelled job ends cancelled); priorities (higher first, then
// oldest); lost leases re-queued until maxAttempts; singleton jobs (one open job per kind and run);
// progress kept in our own Job table.
import type { Db } from '../db/client';
import { fenced, type Fence } from '../store/job-rows';
import { enqueueJobRow, jobState } from '../store/queue-rows';
import {
  claimJob,
  fenceOf,
  type ClaimFilter,
  finishJob,
  heartbeat,
  reapExpiredLeases,
  releaseJob,
  type ClaimedJob,
  type HeartbeatAnswer,
} from './lease';
import { cancelJob, type CancelOutcome } from './queue';

export interface EnqueueRequest {
  kind: string;
  payload: Record<string, unknown>;
  runId?: number | null;
  sweepId?: number | null;
  priority?: number;
  /** At most one queued or running job of this kind for this run: a second enqueue returns the first. */
  singleton?: boolean;
  /** Worker tags the job requires: only a worker holding all of them claims it. */
  tags?: string[];
}

export interface JobQueue {
  readonly name: string;
  enqueue(req: EnqueueRequest): Promise<{ jobId: number; created: boolean }>;
  /** The next job this worker may take (its kinds, ids, and tags: jobs requiring tags it all holds). */
  claim(workerId: string, opts: ClaimFilter & { leaseMs: number }): Promise<ClaimedJob | null>;
  heartbeat(job: ClaimedJob, workerId: string, opts: { leaseMs: number; progressJson?: string }): Promise<HeartbeatAnswer>;
  /** Runs `fn` in one transaction that holds the job's fence (FenceLost when the claim is stale). */
  fenced<T>(job: Pick<ClaimedJob, 'id' | 'token'>, fn: (tx: Db) => Promise<T>): Promise<T>;
  finish(
    job: ClaimedJob,
    workerId: string,
    status: 'done' | 'failed' | 'cancelled',
    info?: { error?: string; resultJson?: string },
  ): Promise<boolean>;
  /** Graceful give-back: queued again, not counted as an attempt. */
  release(job: ClaimedJob, workerId: string, reason: string): Promise<void>;
  cancel(jobId: number): Promise<CancelOutcome>;
  /** Expired leases: re-queued, failed after maxAttempts, or cancelled when asked. */
  reap(opts?: { maxAttempts?: number; now?: Date }): Promise<number[]>;
  get(
    jobId: number,
  ): Promise<{ status: string; attempts: number; progressJson: string | null; cancelRequested: boolean; workerId: string | null } | null>;
  /** After a job's end was written elsewhere (the job process): closes this queue's dispatch of it. */
  settle(job: ClaimedJob): Promise<void>;
  /** Releases the queue's connections (pg-boss); the database client stays open. */
  close(): Promise<void>;
}

/** The embedded queue: the Job table of the dml-lens database (SQLite by default). */
export class EmbeddedJobQueue implements JobQueue {
  readonly name = 'embedded';

  constructor(private readonly db: Db) {}

  enqueue(req: EnqueueRequest): Promise<{ jobId: number; created: boolean }> {
    return enqueueJobRow(this.db, req);
  }

  claim(workerId: string, opts: ClaimFilter & { leaseMs: number }) {
    return claimJob(this.db, workerId, opts);
  }

  heartbeat(job: ClaimedJob, workerId: string, opts: { leaseMs: number; progressJson?: string }) {
    return heartbeat(this.db, job.id, workerId, { ...opts, token: job.token });
  }

  fenced<T>(job: Pick<ClaimedJob, 'id' | 'token'>, fn: (tx: Db) => Promise<T>): Promise<T> {
    const fence: Fence = fenceOf(job);
    return fenced(this.db, fence, fn);
  }

  finish(job: ClaimedJob, workerId: string, status: 'done' | 'failed' | 'cancelled', info: { error?: string; resultJson?: string } = {}) {
    return finishJob(this.db, job.id, workerId, status, { ...info, token: job.token });
  }

  release(job: ClaimedJob, workerId: string, reason: string) {
    return releaseJob(this.db, job.id, workerId, reason, job.token);
  }

  cancel(jobId: number) {
    return cancelJob(this.db, jobId);
  }

  reap(opts: { maxAttempts?: number; now?: Date } = {}) {
    return reapExpiredLeases(this.db, opts.now ?? new Date(), { maxAttempts: opts.maxAttempts });
  }

  get(jobId: number) {
    return jobState(this.db, jobId);
  }

  /** The Job row is all there is: nothing to settle. */
  async settle(): Promise<void> {}

  async close(): Promise<void> {}
}
