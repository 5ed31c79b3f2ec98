// Marks a Worker row stopped once its process is known to be gone (the dashboard's worker pool
// saw it exit). The live rows are written by the workers themselves (lib/jobs/worker.ts).
import type { Db } from '../db/client';

/** The worker's row becomes stopped with no current job; a missing row is left missing. */
export async function markWorkerStopped(db: Db, workerId: string): Promise<void> {
  await db.worker.updateMany({ where: { id: workerId }, data: { status: 'stopped', currentJobId: null } });
}
