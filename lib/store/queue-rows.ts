// The Job rows a job queue reads and writes besides claims and leases (job-leases.ts): a new job
// (at most one open job per kind and run when asked), the state of one job, the rows that wait for
// a dispatch (pg-boss doorbells) and which (kind, tag set) groups have waiting rows.
import type { Db } from '../db/client';
import { createJob, type NewJob } from './job-rows';
import { claimableTagKeys } from './job-tags';

/** A queued row as the dispatch sees it (tags in the stored form). */
export interface WaitingRow {
  id: number;
  kind: string;
  runId: number | null;
  priority: number;
  tags: string;
}

const WAITING_SELECT = { id: true, kind: true, runId: true, priority: true, tags: true } as const;

/** Creates a queued job; with `singleton`, returns the open job of the same kind and run instead. */
export async function enqueueJobRow(db: Db, req: NewJob & { singleton?: boolean }): Promise<{ jobId: number; created: boolean }> {
  return db.$transaction(async (t) => {
    const tx = t as unknown as Db;
    if (req.singleton && req.runId != null) {
      const open = await tx.job.findFirst({
        where: { kind: req.kind, runId: req.runId, status: { in: ['queued', 'running'] } },
        select: { id: true },
      });
      if (open) return { jobId: open.id, created: false };
    }
    return { jobId: await createJob(tx, req), created: true };
  });
}

/** What callers of a queue may see of one job. */
export async function jobState(db: Db, jobId: number) {
  return db.job.findUnique({
    where: { id: jobId },
    select: { status: true, attempts: true, progressJson: true, cancelRequested: true, workerId: true },
  });
}

/** One job with what its dispatch needs (status and token to settle it, kind/run/tags to ring it again). */
export async function jobDispatchRow(db: Db, jobId: number): Promise<(WaitingRow & { status: string; fenceToken: string | null }) | null> {
  return db.job.findUnique({ where: { id: jobId }, select: { ...WAITING_SELECT, status: true, fenceToken: true } });
}

/** Queued, uncancelled rows (of `kinds`, of tag sets a worker holding `tags` may take, of `ids`; each when given). */
export async function waitingRows(db: Db, f: { kinds?: string[]; tags?: string[]; ids?: number[] }): Promise<WaitingRow[]> {
  return db.job.findMany({
    where: {
      status: 'queued',
      cancelRequested: false,
      ...(f.kinds ? { kind: { in: f.kinds } } : {}),
      ...(f.tags ? { tags: { in: claimableTagKeys(f.tags) } } : {}),
      ...(f.ids ? { id: { in: f.ids } } : {}),
    },
    select: WAITING_SELECT,
    orderBy: [{ priority: 'desc' }, { id: 'asc' }],
  });
}

/** The (kind, tag set) groups with waiting rows a worker may take, best first (highest priority, then oldest). */
export async function waitingGroups(db: Db, f: { kinds: string[]; tags?: string[] }): Promise<{ kind: string; tags: string }[]> {
  const groups = await db.job.groupBy({
    by: ['kind', 'tags'],
    where: {
      status: 'queued',
      cancelRequested: false,
      kind: { in: f.kinds },
      ...(f.tags ? { tags: { in: claimableTagKeys(f.tags) } } : {}),
    },
    _max: { priority: true },
    _min: { id: true },
  });
  return groups
    .sort((a, b) => (b._max.priority ?? 0) - (a._max.priority ?? 0) || (a._min.id ?? 0) - (b._min.id ?? 0))
    .map((g) => ({ kind: g.kind, tags: g.tags }));
}

/** Runs of `runIds` still open (queued, running or interrupted): the foreground `train` waits for them. */
export async function openRunCount(db: Db, runIds: number[]): Promise<number> {
  return db.run.count({ where: { id: { in: runIds }, status: { in: ['queued', 'running', 'interrupted'] } } });
}

/** True when the claim `token` of job `jobId` was ended (done, failed, cancelled) by its holder. */
export async function endedUnderToken(db: Db, jobId: number, token: string): Promise<boolean> {
  const row = await db.job.findUnique({ where: { id: jobId }, select: { status: true, fenceToken: true } });
  return row !== null && row.status !== 'running' && row.status !== 'queued' && row.fenceToken === token;
}

/** The ids of the runs of these experiments, in order. */
export async function runIdsOfExperiments(db: Db, experimentIds: number[]): Promise<number[]> {
  const runs = await db.run.findMany({ where: { experimentId: { in: experimentIds } }, select: { id: true }, orderBy: { id: 'asc' } });
  return runs.map((r) => r.id);
}

/** Deletes every job row (benchmarks on a scratch database). */
export async function deleteAllJobs(db: Db): Promise<void> {
  await db.job.deleteMany();
}

/** How many jobs have not ended done. */
export async function jobsNotDone(db: Db): Promise<number> {
  return db.job.count({ where: { status: { not: 'done' } } });
}
