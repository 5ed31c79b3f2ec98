// Writes parsed data sets to the database, all of them in one transaction (lib/store/dataset-import.ts):
// either every data set of the call is stored or none is. Same name + same checksum: a no-op
// ("unchanged"). Same name + other checksum: refused unless `replace`, and refused even then while
// runs or experiments use the data set (their predictions point at its examples).
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { storeDatasets, type DatasetWriteStatus } from '../store/dataset-import';
import type { ParsedDataset, Split } from './types';

export type ImportStatus = DatasetWriteStatus;

export interface ImportResult {
  name: string;
  status: ImportStatus;
  examples: number;
  splits: Partial<Record<Split, number>>;
  warnings: string[];
}

export interface ImportOptions {
  /** Replace a data set of the same name whose files changed. */
  replace?: boolean;
}

function splitSizes(ds: ParsedDataset): Partial<Record<Split, number>> {
  const out: Partial<Record<Split, number>> = {};
  for (const e of ds.examples) out[e.split] = (out[e.split] ?? 0) + 1;
  return out;
}

export async function importDatasets(db: Db, datasets: ParsedDataset[], opts: ImportOptions = {}): Promise<ImportResult[]> {
  const names = datasets.map((d) => d.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new UserError(`data set "${dup}" appears twice in one import`);
  const statuses = await storeDatasets(db, datasets, { replace: opts.replace });
  return datasets.map((ds, i) => ({
    name: ds.name,
    status: statuses[i],
    examples: ds.examples.length,
    splits: splitSizes(ds),
    warnings: ds.warnings,
  }));
}
