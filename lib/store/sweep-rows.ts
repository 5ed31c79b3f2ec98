// Reads of Sweep rows (the sweep picker, a sweep by id or by name), and giving a stopped sweep's
// jobs back to the queue. Queueing a sweep: lib/jobs/queue-sweep.ts; its report: ./sweeps.ts.
import type { Db } from '../db/client';

/** The newest `take` sweeps (id and name), newest first. */
export async function recentSweeps(db: Db, take: number): Promise<{ id: number; name: string }[]> {
  return db.sweep.findMany({ orderBy: { id: 'desc' }, take, select: { id: true, name: true } });
}

/** The sweep row, or undefined. */
export async function findSweep(db: Db, sweepId: number) {
  return (await db.sweep.findUnique({ where: { id: sweepId } })) ?? undefined;
}

/** The newest sweep of that name that neither failed nor was cancelled, or undefined. */
export async function findLiveSweepByName(db: Db, name: string) {
  const row = await db.sweep.findFirst({ where: { name, status: { notIn: ['failed', 'cancelled'] } }, orderBy: { id: 'desc' } });
  return row ?? undefined;
}

/** Puts the sweep's failed and cancelled jobs back in the queue as new (no attempts, no worker); returns how many. */
export async function requeueStoppedSweepJobs(db: Db, sweepId: number): Promise<number> {
  const r = await db.job.updateMany({
    where: { sweepId, status: { in: ['failed', 'cancelled'] } },
    data: { status: 'queued', error: null, attempts: 0, workerId: null, leaseUntil: null, cancelRequested: false },
  });
  return r.count;
}
