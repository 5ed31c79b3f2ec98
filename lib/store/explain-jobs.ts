// Reads of the 'explain' Job rows the dashboard queues (the Sentences page's compute-on-demand and
// the run page's what-if box): what is still waiting, and one job's state. Job rows are created by
// ./job-rows.ts createJob.
import type { Db } from '../db/client';

/** Payloads (JSON) of a run's 'explain' jobs that are queued or running. */
export async function pendingExplainPayloads(db: Db, runId: number): Promise<string[]> {
  const jobs = await db.job.findMany({
    where: { kind: 'explain', runId, status: { in: ['queued', 'running'] } },
    select: { payloadJson: true },
  });
  return jobs.map((j) => j.payloadJson);
}

/** One job's state and result, or undefined when there is no such job. */
export async function findJobState(
  db: Db,
  jobId: number,
): Promise<
  { id: number; runId: number | null; kind: string; status: string; error: string | null; resultJson: string | null } | undefined
> {
  const job = await db.job.findUnique({
    where: { id: jobId },
    select: { id: true, runId: true, kind: true, status: true, error: true, resultJson: true },
  });
  return job ?? undefined;
}
