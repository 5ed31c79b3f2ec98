// Cancelling jobs: a queued job ends at once (its run cancelled, in one transaction); a running
// one is asked to stop (its worker sees the flag at its next heartbeat; if that worker died, the
// reaper ends it cancelled: cancel wins over re-queue).
import type { Db } from '../db/client';
import { refreshExperimentOfRun } from './experiments';

export type CancelOutcome = 'cancelled' | 'cancel-requested' | 'already-finished' | 'not-found';

/** Cancels a job: a queued one ends now (its run cancelled, in one transaction); a running one is asked to stop. */
export async function cancelJob(db: Db, jobId: number): Promise<CancelOutcome> {
  return db.$transaction(
    async (t) => {
      const tx = t as unknown as Db;
      const queued = await tx.job.updateMany({
        where: { id: jobId, status: 'queued' },
        data: { status: 'cancelled', cancelRequested: true, finishedAt: new Date(), fenceToken: null },
      });
      const job = await tx.job.findUnique({ where: { id: jobId }, select: { status: true, runId: true } });
      if (!job) return 'not-found';
      if (queued.count) {
        if (job.runId) {
          await tx.run.updateMany({
            where: { id: job.runId, status: { in: ['queued', 'interrupted'] } },
            data: { status: 'cancelled', error: 'cancelled before it ran', finishedAt: new Date() },
          });
          await refreshExperimentOfRun(tx, job.runId);
        }
        return 'cancelled';
      }
      const running = await tx.job.updateMany({ where: { id: jobId, status: 'running' }, data: { cancelRequested: true } });
      return running.count ? 'cancel-requested' : 'already-finished';
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** Cancels every unfinished job of a run (a run without jobs that has not started is cancelled directly). */
export async function cancelRun(db: Db, runId: number): Promise<CancelOutcome> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) return 'not-found';
  const jobs = await db.job.findMany({ where: { runId, status: { in: ['queued', 'running'] } }, select: { id: true } });
  if (!jobs.length) {
    if (run.status !== 'queued' && run.status !== 'interrupted') return 'already-finished';
    await db.run.update({ where: { id: runId }, data: { status: 'cancelled', error: 'cancelled before it ran', finishedAt: new Date() } });
    await refreshExperimentOfRun(db, runId);
    return 'cancelled';
  }
  const outcomes = await Promise.all(jobs.map((j) => cancelJob(db, j.id)));
  return outcomes.includes('cancel-requested') ? 'cancel-requested' : 'cancelled';
}
