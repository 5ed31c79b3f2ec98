// Writes to Job rows that other store code needs inside its own transactions: creating a job
// (the one place job rows are made), fencing, and ending a job together with its run's rows.
// Fencing: every claim writes a new Job.fenceToken; a write made on behalf of a job runs in a
// transaction whose first statement touches the job row under (id, token, status running), so it
// holds the write lock (SQLite) / row lock (PostgreSQL) until commit: a new claim cannot slip in
// between the check and the write. A stale holder's write finds no row and throws FenceLost.
import type { Db } from '../db/client';
import { withBusyRetry } from '../db/busy-retry';
import { positional } from '../db/sql';
import { tagsKey } from './job-tags';

/** Who may write for a job: the job id and the token of the claim that holds it. */
export interface Fence {
  jobId: number;
  token: string;
}

/** Thrown when a write comes from a holder whose claim is no longer current. */
export class FenceLost extends Error {
  constructor(readonly fence: Fence) {
    super(`job ${fence.jobId} is no longer held by this worker (another claim took it, or it ended); write refused`);
    this.name = 'FenceLost';
  }
}

/** Generous: a fenced write may wait behind a long import's write lock. */
const TX = { timeout: 120_000, maxWait: 60_000 };

/** Checks the fence inside `tx`, taking the job row's write lock; throws FenceLost when stale. */
export async function assertFenceTx(tx: Db, fence: Fence): Promise<void> {
  const n = await tx.$executeRawUnsafe(
    positional(tx, `UPDATE "Job" SET "heartbeatAt" = ? WHERE "id" = ? AND "fenceToken" = ? AND "status" = 'running'`),
    new Date(),
    fence.jobId,
    fence.token,
  );
  if (Number(n) !== 1) throw new FenceLost(fence);
}

/** Runs `fn` in one transaction that first checks the fence (no fence: a plain transaction). */
export async function fenced<T>(db: Db, fence: Fence | undefined, fn: (tx: Db) => Promise<T>): Promise<T> {
  // all or nothing, so a transaction that met a locked database (a long import) is simply tried again
  return withBusyRetry(
    () =>
      db.$transaction(async (t) => {
        const tx = t as unknown as Db;
        if (fence) await assertFenceTx(tx, fence);
        return fn(tx);
      }, TX),
    300_000,
  );
}

/** Reads whether `fence` is still current (no lock; for cheap checks between writes). */
export async function fenceHeld(db: Db, fence: Fence): Promise<boolean> {
  const job = await db.job.findUnique({ where: { id: fence.jobId }, select: { fenceToken: true, status: true } });
  return job?.status === 'running' && job.fenceToken === fence.token;
}

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  runId?: number | null;
  sweepId?: number | null;
  priority?: number;
  /** Worker tags the job requires (only a worker holding all of them claims it). */
  tags?: string[];
}

/** Creates one queued job (use `tx` inside a transaction). Returns its id. */
export async function createJob(tx: Db, job: NewJob): Promise<number> {
  const row = await tx.job.create({
    data: {
      kind: job.kind,
      payloadJson: JSON.stringify(job.payload),
      runId: job.runId ?? null,
      sweepId: job.sweepId ?? null,
      priority: job.priority ?? 0,
      tags: tagsKey(job.tags ?? []),
    },
  });
  return row.id;
}

export type JobEnd = 'done' | 'failed' | 'cancelled';

/** Ends the job held under `fence` (inside the caller's fenced transaction). */
export async function endJobTx(
  tx: Db,
  fence: Fence,
  status: JobEnd,
  info: { error?: string | null; resultJson?: string | null } = {},
): Promise<void> {
  await tx.job.updateMany({
    where: { id: fence.jobId, fenceToken: fence.token, status: 'running' },
    data: { status, error: info.error ?? null, resultJson: info.resultJson ?? null, finishedAt: new Date(), leaseUntil: null },
  });
}

/**
 * Gives the job back to the queue (graceful stop: not counted as an attempt); inside the caller's
 * fenced transaction. The token is cleared, so the old holder can write nothing more.
 */
export async function requeueJobTx(tx: Db, fence: Fence, reason: string): Promise<void> {
  await tx.$executeRawUnsafe(
    positional(
      tx,
      `UPDATE "Job" SET "status" = 'queued', "workerId" = NULL, "leaseUntil" = NULL, "fenceToken" = NULL, "error" = ?, "attempts" = "attempts" - 1
     WHERE "id" = ? AND "fenceToken" = ? AND "status" = 'running'`,
    ),
    reason,
    fence.jobId,
    fence.token,
  );
}

/** Ends the job done in its own fenced transaction (a run whose results an earlier attempt stored). */
export async function endDoneJob(db: Db, fence: Fence, resultJson: string): Promise<void> {
  await fenced(db, fence, (tx) => endJobTx(tx, fence, 'done', { resultJson }));
}
