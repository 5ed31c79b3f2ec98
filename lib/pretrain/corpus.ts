// The unlabeled text a model is pretrained on: lines of text files and/or the texts of imported
// data sets (labels ignored). Official test splits are never included: pretraining on them would
// leak evaluation sentences into the model.
import fs from 'node:fs';
import { InputFileError, UserError } from '../errors';
import type { Db } from '../db/client';
import { findDataset, splitExamples } from '../store/datasets';

export interface CorpusSource {
  files?: string[];
  datasets?: string[];
  /** Splits taken from data sets (default: train and dev; 'test' is refused). */
  splits?: string[];
}

export interface Corpus {
  texts: string[];
  description: string[]; // "MR train: 10662 texts", for the model card
}

export async function loadCorpus(db: Db, source: CorpusSource): Promise<Corpus> {
  const texts: string[] = [];
  const description: string[] = [];
  for (const file of source.files ?? []) {
    if (!fs.existsSync(file)) throw new InputFileError(file, undefined, 'corpus file not found');
    const lines = fs
      .readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length === 0) throw new InputFileError(file, undefined, 'corpus file has no text lines');
    texts.push(...lines);
    description.push(`${file}: ${lines.length} lines`);
  }
  const splits = source.splits ?? ['train', 'dev'];
  if (splits.includes('test'))
    throw new UserError('pretraining on an official test split is refused: it would leak evaluation data (drop "test" from --splits)');
  for (const name of source.datasets ?? []) {
    const ds = await findDataset(db, name);
    if (!ds) throw new UserError(`data set "${name}" is not imported: run \`dml-lens data import --senteval <dir>\` (or --file) first`);
    for (const split of splits) {
      const rows = await splitExamples(db, ds.id, split);
      if (rows.length === 0) continue;
      for (const r of rows) {
        texts.push(r.text);
        if (r.textPair) texts.push(r.textPair);
      }
      description.push(`${name} ${split}: ${rows.length} examples`);
    }
  }
  if (texts.length === 0) throw new UserError('the pretraining corpus is empty: pass --corpus <file> and/or --datasets <names>');
  return { texts: dedupe(texts), description };
}

/** Exact duplicates add nothing to MLM but bias it (SST-2's 67k phrases repeat sentences). */
function dedupe(texts: string[]): string[] {
  return [...new Set(texts)];
}
