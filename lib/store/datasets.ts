// Reads of the Dataset aggregate: data sets by name, their examples, and counts of examples per
// split and label. Writes (imports) are in ./dataset-import.ts.
import type { Db } from '../db/client';

/** One example count: how many examples of a data set have this split and label. */
export interface ExampleCount {
  datasetId: number;
  split: string;
  label: number;
  count: number;
}

/** The data set row of that name, or undefined. */
export async function findDataset(db: Db, name: string) {
  return (await db.dataset.findUnique({ where: { name } })) ?? undefined;
}

/** Every data set row, by name. */
export async function listDatasetRows(db: Db) {
  return db.dataset.findMany({ orderBy: { name: 'asc' } });
}

/** Names of the imported data sets, sorted. */
export async function datasetNames(db: Db): Promise<string[]> {
  return (await db.dataset.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((d) => d.name);
}

/** Examples per (data set, split, label): of one data set, or of all. */
export async function exampleCounts(db: Db, datasetId?: number): Promise<ExampleCount[]> {
  const groups = await db.example.groupBy({
    by: ['datasetId', 'split', 'label'],
    ...(datasetId !== undefined ? { where: { datasetId } } : {}),
    _count: { _all: true },
  });
  return groups.map((g) => ({ datasetId: g.datasetId, split: g.split, label: g.label, count: g._count._all }));
}

/** The splits a data set has examples in (any order). */
export async function splitNames(db: Db, datasetId: number): Promise<string[]> {
  return (await db.example.groupBy({ by: ['split'], where: { datasetId } })).map((r) => r.split);
}

/** The examples of one split in file order (idx). */
export async function splitExamples(db: Db, datasetId: number, split: string) {
  return db.example.findMany({
    where: { datasetId, split },
    orderBy: { idx: 'asc' },
    select: { id: true, text: true, textPair: true, label: true },
  });
}

/** The examples with these ids (ascending id); with `evaluatedBy`, only those that run evaluated. */
export async function findExamples(db: Db, ids: number[], opts: { evaluatedBy?: number } = {}) {
  return db.example.findMany({
    where: { id: { in: ids }, ...(opts.evaluatedBy !== undefined ? { predictions: { some: { runId: opts.evaluatedBy } } } : {}) },
    select: { id: true, text: true, textPair: true, label: true },
    orderBy: { id: 'asc' },
  });
}

/** The examples with these ids and their data set's label names (JSON). */
export async function examplesWithLabelNames(db: Db, ids: number[]) {
  return db.example.findMany({
    where: { id: { in: ids } },
    select: { id: true, text: true, label: true, dataset: { select: { labelNamesJson: true } } },
  });
}
