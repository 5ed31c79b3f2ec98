// Where dml-lens keeps its state. One place decides; everything else asks.
import path from 'node:path';
import { sqliteFile } from './db/url';

/** The checkout (set by the `dml-lens` launcher; the working directory otherwise). */
export function projectRoot(): string {
  return process.env.DML_LENS_ROOT ?? process.cwd();
}

/** Git-ignored folder holding the database, run artifacts and caches. `DML_LENS_HOME` overrides. */
export function dataHome(): string {
  return process.env.DML_LENS_HOME ?? path.join(projectRoot(), 'var');
}

/** Database URL: `DATABASE_URL` (file:... or postgresql://...) or `<dataHome>/dml-lens.db`. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? `file:${path.join(dataHome(), 'dml-lens.db')}`;
}

/** Filesystem path of the SQLite file behind `databaseUrl()`. */
export function databaseFile(url = databaseUrl()): string {
  if (!url.startsWith('file:')) throw new Error(`not a SQLite file URL (file:...): "${url.replace(/:[^:@/]*@/, ':***@')}"`);
  return sqliteFile(url, projectRoot());
}

/** Folder of one run's large artifacts (embeddings, checkpoints). */
export function runDir(runId: number): string {
  return path.join(dataHome(), 'runs', String(runId));
}

/** Where SentEval files are read from: `SENTEVAL_DIR`, else ../shared/data/senteval, else <dataHome>/senteval. */
export function defaultSentevalDirs(): string[] {
  const dirs = [] as string[];
  if (process.env.SENTEVAL_DIR) dirs.push(process.env.SENTEVAL_DIR);
  dirs.push(path.resolve(projectRoot(), '..', 'shared', 'data', 'senteval'));
  dirs.push(path.join(dataHome(), 'senteval'));
  return dirs;
}

/** Models folder of the checkout (committed small models, cache of downloaded ones). */
export function modelsDir(): string {
  return path.join(projectRoot(), 'models');
}
