// How a set of runs ended, for checks that audit a sweep from outside (scripts/check-scale-out.ts):
// each run's status, its evaluation size and stored predictions, its artifact rows and accuracy,
// and the state of the jobs behind the runs.
import type { Db } from '../../db/client';
import { parseJson } from './json';

export interface RunOutcome {
  id: number;
  status: string;
  error: string | null;
  loss: string;
  fold: number;
  seed: number;
  evalSize: number | null;
  predictions: number;
  accuracy: number | undefined;
  artifacts: { path: string; kind: string; sha256: string; shapeJson: string }[];
}

export interface JobOutcome {
  id: number;
  runId: number | null;
  status: string;
  attempts: number;
}

/** Ids of the runs of a sweep's experiments, in id order. */
export async function sweepRunIds(db: Db, sweepId: number): Promise<number[]> {
  const runs = await db.run.findMany({ where: { experiment: { sweepId } }, select: { id: true }, orderBy: { id: 'asc' } });
  return runs.map((r) => r.id);
}

export async function getRunOutcomes(db: Db, runIds: number[]): Promise<RunOutcome[]> {
  const runs = await db.run.findMany({
    where: { id: { in: runIds } },
    orderBy: { id: 'asc' },
    include: {
      _count: { select: { predictions: true } },
      artifacts: { select: { path: true, kind: true, sha256: true, shapeJson: true } },
    },
  });
  return runs.map((r) => {
    const accuracy = parseJson<{ accuracy?: unknown }>(r.metricsJson, {}).accuracy;
    return {
      id: r.id,
      status: r.status,
      error: r.error,
      loss: r.loss,
      fold: r.fold,
      seed: r.seed,
      evalSize: r.evalSize,
      predictions: r._count.predictions,
      accuracy: typeof accuracy === 'number' ? accuracy : undefined,
      artifacts: r.artifacts,
    };
  });
}

/** Jobs of these runs that are still queued or running. */
export async function openJobCount(db: Db, runIds: number[]): Promise<number> {
  return db.job.count({ where: { runId: { in: runIds }, status: { in: ['queued', 'running'] } } });
}

export async function jobsOfRuns(db: Db, runIds: number[]): Promise<JobOutcome[]> {
  return db.job.findMany({
    where: { runId: { in: runIds } },
    select: { id: true, runId: true, status: true, attempts: true },
    orderBy: { id: 'asc' },
  });
}

/** Worker rows ever registered (every start of `dml-lens worker` adds one). */
export async function workerRowCount(db: Db): Promise<number> {
  return db.worker.count();
}
