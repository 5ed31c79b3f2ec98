// Small reads of Run rows by id or by sweep: whether a run exists, its header (status, data set,
// config, loss), the runs of a sweep, counts. Results and status changes: ./runs.ts.
import type { Db } from '../db/client';

/** The columns of a run that callers check before working on it. */
export interface RunHeader {
  id: number;
  status: string;
  datasetId: number;
  configJson: string;
  loss: string;
}

export async function runExists(db: Db, runId: number): Promise<boolean> {
  return (await db.run.findUnique({ where: { id: runId }, select: { id: true } })) !== null;
}

/** The run's header, or undefined when there is no such run. */
export async function findRunHeader(db: Db, runId: number): Promise<RunHeader | undefined> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: { id: true, status: true, datasetId: true, configJson: true, loss: true },
  });
  return run ?? undefined;
}

/** The loss of each of these runs (those that exist; any order). */
export async function runLosses(db: Db, runIds: number[]): Promise<{ id: number; loss: string }[]> {
  return db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, loss: true } });
}

/** The highest id of a finished run, or undefined. */
export async function latestFinishedRunId(db: Db): Promise<number | undefined> {
  return (await db.run.findFirst({ where: { status: 'done' }, orderBy: { id: 'desc' }, select: { id: true } }))?.id;
}

/** How many runs exist (all of them, or those of `runIds` whose status is not 'done'). */
export async function countRuns(db: Db, q: { unfinishedOf?: number[] } = {}): Promise<number> {
  return db.run.count(q.unfinishedOf ? { where: { id: { in: q.unfinishedOf }, status: { not: 'done' } } } : undefined);
}

/** The stored artifacts of a run of these kinds, newest first. */
export async function runArtifactsOfKinds(db: Db, runId: number, kinds: string[]) {
  return db.artifact.findMany({ where: { runId, kind: { in: kinds } }, orderBy: { id: 'desc' } });
}

/** The finished runs of a sweep's experiments by id, with their fold, loss and data set name. */
export async function doneRunsOfSweep(
  db: Db,
  sweepId: number,
): Promise<{ id: number; fold: number; loss: string; dataset: { name: string } }[]> {
  return db.run.findMany({
    where: { experiment: { sweepId }, status: 'done' },
    orderBy: { id: 'asc' },
    select: { id: true, fold: true, loss: true, dataset: { select: { name: true } } },
  });
}

/** Status and progress (JSON) of every run of a sweep's experiments. */
export async function runStatesOfSweep(db: Db, sweepId: number): Promise<{ id: number; status: string; progressJson: string | null }[]> {
  return db.run.findMany({ where: { experiment: { sweepId } }, select: { id: true, status: true, progressJson: true } });
}
