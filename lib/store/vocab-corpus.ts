// The texts a vocabulary is trained on: imported data sets (Example.text and textPair, official
// test splits left out unless asked) and/or UTF-8 text files with one text per line.
import fs from 'node:fs';
import path from 'node:path';
import { getDb, type Db } from '../db/client';
import { InputFileError, UserError } from '../errors';

export interface CorpusSource {
  /** Data set name or file path, as given. */
  source: string;
  kind: 'dataset' | 'file';
  texts: number;
}

export interface VocabCorpus {
  texts: string[];
  sources: CorpusSource[];
}

export interface VocabCorpusOptions {
  /** Also use split = 'test' rows of data sets. Default false (keeps test text out of the vocabulary). */
  includeTest?: boolean;
  db?: Db;
}

/** Reads every source; a source that is an existing file is a text file, anything else a data set name. */
export async function readVocabCorpus(sources: string[], opts: VocabCorpusOptions = {}): Promise<VocabCorpus> {
  if (sources.length === 0)
    throw new UserError('no vocabulary corpus given: pass data set names (e.g. MR,SST2) or a text file with one text per line');
  const texts: string[] = [];
  const read: CorpusSource[] = [];
  for (const source of sources) {
    const isFile = fs.existsSync(source) && fs.statSync(source).isFile();
    const got = isFile ? readTextFile(source) : await readDataset(source, opts);
    for (const text of got) texts.push(text);
    read.push({ source, kind: isFile ? 'file' : 'dataset', texts: got.length });
  }
  if (texts.length === 0) throw new UserError(`the vocabulary corpus (${sources.join(', ')}) holds no text`);
  return { texts, sources: read };
}

/** One text per non-empty line; UTF-8 (a BOM and CRLF line ends are fine). */
export function readTextFile(file: string): string[] {
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    throw new InputFileError(file, undefined, 'is not valid UTF-8; convert it first (e.g. iconv -f cp1252 -t utf-8 in > out)');
  }
  return content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

async function readDataset(name: string, opts: VocabCorpusOptions): Promise<string[]> {
  const db = opts.db ?? getDb();
  const dataset = await db.dataset.findUnique({ where: { name } });
  if (!dataset) {
    const known = (await db.dataset.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((d) => d.name);
    const looksLikeFile = /[\\/.]/.test(name);
    throw new UserError(
      (looksLikeFile
        ? `${path.resolve(name)} is not a file, and there is no data set named "${name}"`
        : `no data set named "${name}" in the database`) +
        (known.length ? ` (imported: ${known.join(', ')})` : ' (none imported yet)') +
        '. Import data sets first with `dml-lens data import --senteval <dir>` (or `dml-lens data import --file ...`), or pass a text file with one text per line.',
    );
  }
  const rows = await db.example.findMany({
    where: { datasetId: dataset.id, ...(opts.includeTest ? {} : { split: { not: 'test' } }) },
    select: { text: true, textPair: true },
    orderBy: [{ split: 'asc' }, { idx: 'asc' }],
  });
  const texts: string[] = [];
  for (const r of rows) {
    texts.push(r.text);
    if (r.textPair) texts.push(r.textPair);
  }
  return texts;
}
