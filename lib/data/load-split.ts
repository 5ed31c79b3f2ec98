// One split of an imported data set as parallel arrays in idx order (file order), the form the
// trainer and the samplers work with: sampling returns indices into these arrays.
import type { Db } from '../db/client';
import { ConfigError, UserError } from '../errors';
import { datasetNames, findDataset as findDatasetRow, splitExamples, splitNames } from '../store/datasets';
import type { Split } from './types';

export interface SplitData {
  /** Example row ids (for predictions and attributions). */
  ids: number[];
  texts: string[];
  /** Second sentence of each pair; null when the data set has no pairs. */
  pairs: string[] | null;
  labels: number[];
  labelNames: string[];
}

async function findDataset(db: Db, name: string) {
  const ds = await findDatasetRow(db, name);
  if (!ds) {
    const names = await datasetNames(db);
    throw new UserError(`no data set named "${name}" (imported: ${names.join(', ') || 'none'}); see \`dml-lens data list\``);
  }
  return ds;
}

/** The splits a data set has, in train/dev/test order. */
export async function datasetSplits(db: Db, name: string): Promise<Split[]> {
  const ds = await findDataset(db, name);
  const have = new Set(await splitNames(db, ds.id));
  return (['train', 'dev', 'test'] as Split[]).filter((s) => have.has(s));
}

export async function loadSplit(db: Db, datasetName: string, split: Split): Promise<SplitData> {
  const ds = await findDataset(db, datasetName);
  const rows = await splitExamples(db, ds.id, split);
  if (rows.length === 0) {
    const have = await datasetSplits(db, datasetName);
    throw new UserError(`data set "${datasetName}" has no ${split} split (it has: ${have.join(', ') || 'no examples'})`);
  }
  return {
    ids: rows.map((r) => r.id),
    texts: rows.map((r) => r.text),
    pairs: ds.hasPairs ? rows.map((r) => r.textPair ?? '') : null,
    labels: rows.map((r) => r.label),
    labelNames: JSON.parse(ds.labelNamesJson) as string[],
  };
}

/**
 * Protocol (c), the official split: the split to evaluate on ('test'), or a ConfigError for
 * data sets without one (MR, CR, SUBJ, MPQA: use the k-fold or per-class protocol).
 */
export async function officialTestSplit(db: Db, datasetName: string): Promise<Split> {
  const splits = await datasetSplits(db, datasetName);
  if (splits.includes('test')) return 'test';
  throw new ConfigError([`data set "${datasetName}" has no official test split (splits: ${splits.join(', ')}); use the kfold or per-class protocol`], 'protocol');
}
