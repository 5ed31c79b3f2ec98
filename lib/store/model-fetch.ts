// A registered model whose folder is not on this machine (a worker elsewhere, a moved checkout):
// its files come from the artifact store (published at registration, model-files.ts) or, for a
// model pulled from the hub, from the hub at the recorded commit, into <home>/model-cache/<content
// hash>/. Every file's sha256 is checked against its ModelFile row before the folder is used: a
// cached copy that fails is removed and fetched again; a fetched copy that fails is removed and
// the fetch fails in one line naming the file. A complete cache is reused without fetching.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { dataHome } from '../paths';
import { artifactStore } from './artifacts';
import { contentHashOf, modelFileRows, sha256OfFile, type ModelFileEntry } from './model-files';

export interface FetchableModel {
  id: number;
  name: string;
  /** Where it was registered (another machine's path, maybe). */
  path: string;
  filesKey: string | null;
  hubRepo: string | null;
  commit: string | null;
}

export function modelCacheRoot(home = dataHome()): string {
  return path.join(home, 'model-cache');
}

const fileIn = (dir: string, rel: string) => path.join(dir, ...rel.split('/'));

/** The files of the cache folder that are missing or fail their sha256 (those are removed, with a warning). */
async function filesToFetch(dir: string, files: ModelFileEntry[], warn: (line: string) => void): Promise<ModelFileEntry[]> {
  const missing: ModelFileEntry[] = [];
  for (const f of files) {
    const file = fileIn(dir, f.path);
    if (!fs.existsSync(file)) missing.push(f);
    else if ((await sha256OfFile(file)) !== f.sha256) {
      fs.rmSync(file, { force: true });
      warn(`cached model file ${file} failed its sha256 check; removed, fetching it again`);
      missing.push(f);
    }
  }
  return missing;
}

/** Downloads `files` of a hub model at its commit into `staging` (the hub code of `model pull`). */
async function fromHub(m: FetchableModel, files: ModelFileEntry[], staging: string): Promise<(f: ModelFileEntry) => string | undefined> {
  const { pullModel } = await import('../model/hub');
  let pulled: { dir: string };
  try {
    pulled = await pullModel(m.hubRepo!, { revision: m.commit ?? 'main', destRoot: staging });
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const first = err.message.split('\n')[0];
    throw new UserError(
      `model "${m.name}" is not on this machine and could not be downloaded from ${sourceOf(m)}: ${first} Copy the folder here, or publish it to a shared store (DML_LENS_ARTIFACTS, then dml-lens model register).`,
    );
  }
  return (f) => (files.includes(f) && fs.existsSync(fileIn(pulled.dir, f.path)) ? fileIn(pulled.dir, f.path) : undefined);
}

/** Copies `files` from the artifact store into `staging`. */
async function fromStore(m: FetchableModel, files: ModelFileEntry[], staging: string): Promise<(f: ModelFileEntry) => string | undefined> {
  const store = artifactStore();
  const got = new Set<ModelFileEntry>();
  for (const f of files) if (await store.getToFile(`${m.filesKey}/${f.path}`, fileIn(staging, f.path))) got.add(f);
  return (f) => (got.has(f) ? fileIn(staging, f.path) : undefined);
}

function sourceOf(m: FetchableModel): string {
  if (m.filesKey) return `the artifact store ${artifactStore().location} (${m.filesKey})`;
  return `the hub (${m.hubRepo}${m.commit ? ` at commit ${m.commit}` : ''})`;
}

/**
 * A local folder with the registered model's files, verified: the cache when complete, else
 * fetched (artifact store first, hub for pulled models). One UserError line when impossible.
 */
export async function fetchModelFiles(db: Db, m: FetchableModel, opts: { warn?: (line: string) => void } = {}): Promise<string> {
  const warn = opts.warn ?? ((line: string) => console.error(`warning: ${line}`));
  const files = await modelFileRows(db, m.id);
  const elsewhere = `model "${m.name}" is registered at ${m.path}, which is not on this machine`;
  if (!files.length || (!m.filesKey && !m.hubRepo)) {
    throw new UserError(
      `${elsewhere}, and its files were never published: register it again where that folder is with DML_LENS_ARTIFACTS set to the shared store (dml-lens model register ${m.path} --name ${m.name})`,
    );
  }
  const dir = path.join(modelCacheRoot(), contentHashOf(files));
  const missing = await filesToFetch(dir, files, warn);
  if (!missing.length) return dir;
  const staging = path.join(modelCacheRoot(), `.fetch-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(staging, { recursive: true });
  try {
    const local = m.filesKey ? await fromStore(m, missing, staging) : await fromHub(m, missing, staging);
    for (const f of missing) {
      const file = local(f);
      if (!file) throw new UserError(`${elsewhere}; ${sourceOf(m)} has no ${f.path}: register the model again where its folder is`);
      const found = await sha256OfFile(file);
      if (found !== f.sha256) {
        fs.rmSync(file, { force: true });
        throw new UserError(
          `model "${m.name}": ${f.path} from ${sourceOf(m)} fails its sha256 check (${found.slice(0, 12)}..., recorded ${f.sha256.slice(0, 12)}...); removed, nothing used: register the model again where its folder is`,
        );
      }
    }
    for (const f of missing) {
      fs.mkdirSync(path.dirname(fileIn(dir, f.path)), { recursive: true });
      fs.renameSync(local(f)!, fileIn(dir, f.path));
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}
