// Claiming jobs under a lease. A claim is one SQL UPDATE ... WHERE id = (SELECT ...) RETURNING,
// atomic under SQLite's write lock, so two workers (processes) never get the same job. The holder
// renews its lease with heartbeats; when a lease expires (the worker died), reapExpiredLeases puts
// the job back in the queue and marks its run interrupted. A resumed run starts again from scratch.
import type { Db } from '../db/client';
import { positional } from '../db/sql';

export const DEFAULT_LEASE_MS = 120_000;
/** A job whose worker died this many times ends failed instead of being queued again. */
export const MAX_ATTEMPTS = 3;

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  runId: number | null;
  attempts: number;
}

interface ClaimRow { id: number; kind: string; payloadJson: string; runId: number | null; attempts: number }

/**
 * Claims the next job (highest priority, then oldest) for `workerId`: a queued job, or a running
 * one whose lease has expired. `jobIds` restricts the claim (the foreground `train` command).
 */
export async function claimJob(db: Db, workerId: string, opts: { leaseMs?: number; kinds?: string[]; jobIds?: number[] } = {}): Promise<ClaimedJob | null> {
  const now = new Date();
  const until = new Date(now.getTime() + (opts.leaseMs ?? DEFAULT_LEASE_MS));
  const kinds = opts.kinds ?? ['train'];
  const ids = opts.jobIds ?? [];
  const kindList = kinds.map(() => '?').join(', ');
  const idFilter = ids.length ? `AND "id" IN (${ids.map(() => '?').join(', ')})` : '';
  const claimable = `("status" = 'queued' OR ("status" = 'running' AND "leaseUntil" < ?)) AND "cancelRequested" = false`;
  const rows = await db.$queryRawUnsafe<ClaimRow[]>(positional(db,
    `UPDATE "Job" SET "status" = 'running', "workerId" = ?, "leaseUntil" = ?, "heartbeatAt" = ?, "startedAt" = ?, "attempts" = "attempts" + 1, "error" = NULL
     WHERE "id" = (SELECT "id" FROM "Job" WHERE "kind" IN (${kindList}) ${idFilter} AND ${claimable} ORDER BY "priority" DESC, "id" ASC LIMIT 1)
       AND ${claimable}
     RETURNING "id", "kind", "payloadJson", "runId", "attempts"`),
    workerId, until, now, now, ...kinds, ...ids, now, now,
  );
  const row = rows[0];
  if (!row) return null;
  return { id: Number(row.id), kind: row.kind, payload: JSON.parse(row.payloadJson) as Record<string, unknown>, runId: row.runId === null ? null : Number(row.runId), attempts: Number(row.attempts) };
}

export interface HeartbeatAnswer {
  /** False when this worker no longer holds the job (lease expired and reclaimed, or job ended). */
  held: boolean;
  cancelRequested: boolean;
}

/** Extends the lease (and stores progress); tells the worker whether to go on. */
export async function heartbeat(db: Db, jobId: number, workerId: string, opts: { leaseMs?: number; progressJson?: string } = {}): Promise<HeartbeatAnswer> {
  const now = new Date();
  const data: Record<string, unknown> = { heartbeatAt: now, leaseUntil: new Date(now.getTime() + (opts.leaseMs ?? DEFAULT_LEASE_MS)) };
  if (opts.progressJson !== undefined) data.progressJson = opts.progressJson;
  const { count } = await db.job.updateMany({ where: { id: jobId, workerId, status: 'running' }, data });
  if (count === 0) return { held: false, cancelRequested: false };
  const job = await db.job.findUnique({ where: { id: jobId }, select: { cancelRequested: true } });
  return { held: true, cancelRequested: Boolean(job?.cancelRequested) };
}

/** Ends a job held by `workerId`; false when it no longer holds it. */
export async function finishJob(db: Db, jobId: number, workerId: string, status: 'done' | 'failed' | 'cancelled', info: { error?: string; resultJson?: string } = {}): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id: jobId, workerId, status: 'running' },
    data: { status, error: info.error ?? null, resultJson: info.resultJson ?? null, finishedAt: new Date(), leaseUntil: null },
  });
  return count > 0;
}

/** Gives a job back to the queue (worker shutting down): its run becomes interrupted. */
export async function releaseJob(db: Db, jobId: number, workerId: string, reason: string): Promise<void> {
  const { count } = await db.job.updateMany({ where: { id: jobId, workerId, status: 'running' }, data: { status: 'queued', workerId: null, leaseUntil: null, error: reason } });
  const job = count ? await db.job.findUnique({ where: { id: jobId }, select: { runId: true } }) : null;
  if (job?.runId) await db.run.updateMany({ where: { id: job.runId, status: 'running' }, data: { status: 'interrupted', error: reason } });
}

/**
 * Jobs whose lease expired go back to the queue (or fail after MAX_ATTEMPTS), and their runs are
 * marked interrupted. Returns the ids of the jobs touched.
 */
export async function reapExpiredLeases(db: Db, now = new Date()): Promise<number[]> {
  const expired = await db.job.findMany({ where: { status: 'running', leaseUntil: { lt: now } }, select: { id: true, runId: true, attempts: true, workerId: true } });
  const touched: number[] = [];
  for (const job of expired) {
    const giveUp = job.attempts >= MAX_ATTEMPTS;
    const reason = `worker ${job.workerId ?? '?'} stopped heartbeating (lease expired)${giveUp ? `; gave up after ${job.attempts} attempts` : ''}`;
    const { count } = await db.job.updateMany({
      where: { id: job.id, status: 'running', leaseUntil: { lt: now } },
      data: giveUp ? { status: 'failed', error: reason, finishedAt: now, leaseUntil: null } : { status: 'queued', workerId: null, leaseUntil: null, error: reason },
    });
    if (!count) continue;
    touched.push(job.id);
    if (job.runId) await db.run.updateMany({ where: { id: job.runId, status: { in: ['running', 'queued', 'interrupted'] } }, data: { status: giveUp ? 'failed' : 'interrupted', error: reason } });
  }
  return touched;
}
