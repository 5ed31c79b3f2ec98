// Reads of one Experiment with its runs (status, metrics, sizes), for the CLI's experiment report.
// Creating experiments and rolling up their status: ./experiments.ts.
import type { Db } from '../db/client';

export async function experimentExists(db: Db, experimentId: number): Promise<boolean> {
  return (await db.experiment.findUnique({ where: { id: experimentId }, select: { id: true } })) !== null;
}

/** Ids of an experiment's runs, ascending. */
export async function experimentRunIds(db: Db, experimentId: number): Promise<number[]> {
  return (await db.run.findMany({ where: { experimentId }, select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
}

/** The experiment row with its run rows (by id), or undefined when there is no such experiment. */
export async function findExperimentWithRuns(db: Db, experimentId: number) {
  return (await db.experiment.findUnique({ where: { id: experimentId }, include: { runs: { orderBy: { id: 'asc' } } } })) ?? undefined;
}
