// `data import --senteval`: finds the SentEval folder, parses the chosen tasks (all files are
// read and validated before the database is touched), then imports them in one transaction.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { defaultSentevalDirs } from '../paths';
import { importDatasets, type ImportResult } from './import-dataset';
import { loadSentevalTask, type SentevalLoadOptions } from './senteval/load-task';
import { resolveTasks } from './senteval/tasks';

export interface SentevalImportOptions extends SentevalLoadOptions {
  dir?: string;
  tasks?: string[];
  replace?: boolean;
}

/** The given folder, or the first of defaultSentevalDirs() that exists. */
export function resolveSentevalDir(dir?: string): string {
  if (dir) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UserError(`SentEval folder ${dir} does not exist`);
    return path.resolve(dir);
  }
  const candidates = defaultSentevalDirs();
  const found = candidates.find((d) => fs.existsSync(d) && fs.statSync(d).isDirectory());
  if (!found) {
    throw new UserError(`no SentEval folder found (looked in ${candidates.join(', ')}); ` +
      'pass one (`dml-lens data import --senteval <dir>`), set SENTEVAL_DIR, or run `dml-lens data download`');
  }
  return found;
}

export async function importSentEval(db: Db, opts: SentevalImportOptions = {}): Promise<{ dir: string; results: ImportResult[] }> {
  const dir = resolveSentevalDir(opts.dir);
  const parsed = resolveTasks(opts.tasks).map((t) => loadSentevalTask(dir, t, opts));
  const results = await importDatasets(db, parsed, { replace: opts.replace });
  return { dir, results };
}
