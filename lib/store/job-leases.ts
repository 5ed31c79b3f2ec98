// Claiming jobs under a lease. A claim is one SQL UPDATE ... WHERE id = (SELECT ...) RETURNING,
// atomic under the database's write lock, so two workers (processes) never get the same job. Each
// claim writes a new fence token: the job's writes are accepted only with it (lib/store/job-rows.ts).
// The holder renews its lease with heartbeats; when a lease expires (the worker died or froze),
// reapExpiredLeases puts the job back in the queue (or ends it failed after --max-attempts lost
// leases, or cancelled when a cancel was asked) and updates its run, experiment and sweep in the
// same transaction. A resumed run starts again from scratch. SQL is kept portable (quoted
// identifiers, boolean parameters) so the same statements run on PostgreSQL.
import crypto from 'node:crypto';
import type { Db } from '../db/client';
import { withBusyRetry } from '../db/busy-retry';
import { positional } from '../db/sql';
import { refreshExperimentOfRun } from './experiments';
import { requeueJobTx, type Fence } from './job-rows';
import { claimableTagKeys } from './job-tags';

export const DEFAULT_LEASE_MS = 120_000;
/** Lost leases after which a job ends failed instead of being queued again (`worker --max-attempts`). */
export const MAX_ATTEMPTS = 3;

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  runId: number | null;
  /** Claims so far, less graceful give-backs (this one included). */
  attempts: number;
  /** This claim's fence token (see lib/store/job-rows.ts). */
  token: string;
}

interface ClaimRow {
  id: number;
  kind: string;
  payloadJson: string;
  runId: number | null;
  attempts: number;
  fenceToken: string;
}

const TX = { timeout: 120_000, maxWait: 60_000 };

export function fenceOf(job: Pick<ClaimedJob, 'id' | 'token'>): Fence {
  return { jobId: job.id, token: job.token };
}

/** What a claim may take: kinds, only some jobs (the foreground `train`), and the worker's tags. */
export interface ClaimFilter {
  kinds?: string[];
  jobIds?: number[];
  /** The tags the worker holds: it takes only jobs whose required tags it all holds (undefined: any job). */
  tags?: string[];
}

/**
 * Claims the next queued job (highest priority, then oldest) for `workerId`. Jobs of dead workers
 * come back through reapExpiredLeases first. `jobIds` restricts the claim (the foreground `train`).
 */
export async function claimJob(db: Db, workerId: string, opts: ClaimFilter & { leaseMs?: number } = {}): Promise<ClaimedJob | null> {
  const now = new Date();
  const until = new Date(now.getTime() + (opts.leaseMs ?? DEFAULT_LEASE_MS));
  const kinds = opts.kinds ?? ['train'];
  const ids = opts.jobIds ?? [];
  const token = crypto.randomUUID();
  const kindList = kinds.map(() => '?').join(', ');
  const idFilter = ids.length ? `AND "id" IN (${ids.map(() => '?').join(', ')})` : '';
  const tagKeys = opts.tags ? claimableTagKeys(opts.tags) : [];
  const tagFilter = opts.tags ? `AND "tags" IN (${tagKeys.map(() => '?').join(', ')})` : '';
  const claimable = `"status" = 'queued' AND "cancelRequested" = ?`;
  const rows = await withBusyRetry(() =>
    db.$queryRawUnsafe<ClaimRow[]>(
      positional(
        db,
        `UPDATE "Job" SET "status" = 'running', "workerId" = ?, "fenceToken" = ?, "leaseUntil" = ?, "heartbeatAt" = ?, "startedAt" = ?, "attempts" = "attempts" + 1, "error" = NULL
     WHERE "id" = (SELECT "id" FROM "Job" WHERE "kind" IN (${kindList}) ${idFilter} ${tagFilter} AND ${claimable} ORDER BY "priority" DESC, "id" ASC LIMIT 1)
       AND ${claimable}
     RETURNING "id", "kind", "payloadJson", "runId", "attempts", "fenceToken"`,
      ),
      workerId,
      token,
      until,
      now,
      now,
      ...kinds,
      ...ids,
      ...tagKeys,
      false,
      false,
    ),
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: Number(row.id),
    kind: row.kind,
    payload: JSON.parse(row.payloadJson) as Record<string, unknown>,
    runId: row.runId === null ? null : Number(row.runId),
    attempts: Number(row.attempts),
    token: row.fenceToken,
  };
}

export interface HeartbeatAnswer {
  /** False when this worker no longer holds the job (lease expired and reclaimed, or job ended). */
  held: boolean;
  cancelRequested: boolean;
}

/** Extends the lease (and stores progress); tells the worker whether to go on. Retries while the database is locked. */
export async function heartbeat(
  db: Db,
  jobId: number,
  workerId: string,
  opts: { leaseMs?: number; progressJson?: string; token?: string } = {},
): Promise<HeartbeatAnswer> {
  return withBusyRetry(async () => {
    const now = new Date();
    const data: Record<string, unknown> = { heartbeatAt: now, leaseUntil: new Date(now.getTime() + (opts.leaseMs ?? DEFAULT_LEASE_MS)) };
    if (opts.progressJson !== undefined) data.progressJson = opts.progressJson;
    const where = { id: jobId, workerId, status: 'running', ...(opts.token ? { fenceToken: opts.token } : {}) };
    const { count } = await db.job.updateMany({ where, data });
    if (count === 0) return { held: false, cancelRequested: false };
    const job = await db.job.findUnique({ where: { id: jobId }, select: { cancelRequested: true } });
    return { held: true, cancelRequested: Boolean(job?.cancelRequested) };
  });
}

/** Ends a job held by `workerId` (and `token` when given); false when it no longer holds it. */
export async function finishJob(
  db: Db,
  jobId: number,
  workerId: string,
  status: 'done' | 'failed' | 'cancelled',
  info: { error?: string; resultJson?: string; token?: string } = {},
): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id: jobId, workerId, status: 'running', ...(info.token ? { fenceToken: info.token } : {}) },
    data: { status, error: info.error ?? null, resultJson: info.resultJson ?? null, finishedAt: new Date(), leaseUntil: null },
  });
  return count > 0;
}

/**
 * Gives a job back to the queue (worker shutting down): not counted as an attempt; its run becomes
 * interrupted and its experiment/sweep are refreshed, all in one transaction.
 */
export async function releaseJob(db: Db, jobId: number, workerId: string, reason: string, token?: string): Promise<void> {
  await db.$transaction(async (t) => {
    const tx = t as unknown as Db;
    const job = await tx.job.findUnique({ where: { id: jobId }, select: { runId: true, workerId: true, status: true, fenceToken: true } });
    if (!job || job.status !== 'running' || job.workerId !== workerId || !job.fenceToken || (token && job.fenceToken !== token)) return;
    await requeueJobTx(tx, { jobId, token: job.fenceToken }, reason);
    if (job.runId) {
      await tx.run.updateMany({
        where: { id: job.runId, status: { in: ['running', 'queued'] } },
        data: { status: 'interrupted', error: reason },
      });
      await refreshExperimentOfRun(tx, job.runId);
    }
  }, TX);
}

/**
 * Jobs whose lease expired: cancelled when a cancel was asked (cancel wins over re-queue), failed
 * after `maxAttempts` lost leases, queued again otherwise. Each job's run, experiment and sweep
 * change in the same transaction. Returns the ids of the jobs touched.
 */
export async function reapExpiredLeases(db: Db, now = new Date(), opts: { maxAttempts?: number } = {}): Promise<number[]> {
  const expired = await db.job.findMany({ where: { status: 'running', leaseUntil: { lt: now } }, select: { id: true } });
  const touched: number[] = [];
  for (const { id } of expired) {
    if (await endLostJob(db, id, { now, maxAttempts: opts.maxAttempts, onlyIfExpired: true })) touched.push(id);
  }
  return touched;
}

/**
 * The jobs still held by a worker known to be dead (a supervised pool worker that crashed): each
 * ends as an expired lease would, at once (counted as an attempt; cancel wins). Returns their ids.
 */
export async function reapJobsOfDeadWorker(
  db: Db,
  workerId: string,
  reason: string,
  opts: { maxAttempts?: number } = {},
): Promise<number[]> {
  const held = await db.job.findMany({ where: { workerId, status: 'running' }, select: { id: true } });
  const touched: number[] = [];
  for (const { id } of held) if (await endLostJob(db, id, { maxAttempts: opts.maxAttempts, workerId, reason })) touched.push(id);
  return touched;
}

/** One lost job, in one transaction with its run, experiment and sweep: queued again, failed after maxAttempts, or cancelled. */
async function endLostJob(
  db: Db,
  id: number,
  o: { now?: Date; maxAttempts?: number; onlyIfExpired?: boolean; workerId?: string; reason?: string },
): Promise<boolean> {
  const now = o.now ?? new Date();
  const maxAttempts = o.maxAttempts ?? MAX_ATTEMPTS;
  return withBusyRetry(() =>
    db.$transaction(async (t) => {
      const tx = t as unknown as Db;
      const job = await tx.job.findUnique({
        where: { id },
        select: { id: true, runId: true, attempts: true, workerId: true, cancelRequested: true, status: true, leaseUntil: true },
      });
      if (!job || job.status !== 'running') return false;
      if (o.onlyIfExpired && (!job.leaseUntil || job.leaseUntil >= now)) return false;
      if (o.workerId !== undefined && job.workerId !== o.workerId) return false;
      const lost = o.reason ?? `worker ${job.workerId ?? '?'} stopped heartbeating (lease expired)`;
      const [jobStatus, runStatus, reason] = job.cancelRequested
        ? ['cancelled', 'cancelled', `cancelled by the user; ${lost}`]
        : job.attempts >= maxAttempts
          ? ['failed', 'failed', `${lost}; gave up after ${job.attempts} attempts`]
          : ['queued', 'interrupted', lost];
      const ended = jobStatus !== 'queued';
      await tx.job.update({
        where: { id },
        data: {
          status: jobStatus,
          error: reason,
          leaseUntil: null,
          fenceToken: null,
          ...(ended ? { finishedAt: now } : { workerId: null }),
        },
      });
      if (job.runId) {
        await tx.run.updateMany({
          where: { id: job.runId, status: { in: ['running', 'queued', 'interrupted'] } },
          data: { status: runStatus, error: reason, ...(ended ? { finishedAt: now } : {}) },
        });
        await refreshExperimentOfRun(tx, job.runId);
      }
      return true;
    }, TX),
  );
}

/** Running jobs (of these kinds/ids, not held by `exceptWorker`) whose lease is still live, and when the first one ends. */
export async function liveLeases(
  db: Db,
  opts: ClaimFilter & { exceptWorker?: string } = {},
): Promise<{ count: number; firstEnd: Date | null }> {
  const jobs = await db.job.findMany({
    where: {
      status: 'running',
      ...(opts.kinds ? { kind: { in: opts.kinds } } : {}),
      ...(opts.jobIds ? { id: { in: opts.jobIds } } : {}),
      ...(opts.tags ? { tags: { in: claimableTagKeys(opts.tags) } } : {}),
      ...(opts.exceptWorker ? { NOT: { workerId: opts.exceptWorker } } : {}),
    },
    select: { leaseUntil: true },
  });
  const ends = jobs
    .map((j) => j.leaseUntil)
    .filter((d): d is Date => d !== null)
    .sort((a, b) => a.getTime() - b.getTime());
  return { count: jobs.length, firstEnd: ends[0] ?? null };
}
