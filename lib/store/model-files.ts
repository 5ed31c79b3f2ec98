// A registered model's files: each file's sha256 in ModelFile rows, and (when an artifact store is
// configured: DML_LENS_ARTIFACTS) a copy in the store under a content key "models/<sha256 of the
// file list>", so a worker on another machine fetches them by the model's registered name
// (model-fetch.ts). Files go to the store first, each atomically; the Model and ModelFile rows
// follow in one transaction, so a row never names a file the store lacks and a failed publish
// leaves no row.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/client';
import { checkedArtifactStore } from './artifacts';
import type { ArtifactStore } from './artifacts/store';

export interface ModelFileEntry {
  /** Relative to the model folder, "/"-separated. */
  path: string;
  sha256: string;
  bytes: number;
}

export const MODEL_FILES_PREFIX = 'models';

/** Whether the user configured an artifact store (DML_LENS_ARTIFACTS); the default <home>/runs is not shared. */
export function artifactsConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DML_LENS_ARTIFACTS?.trim());
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file of a model folder (recursive; temp files of interrupted writes and dotfiles skipped). */
export function modelFolderFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.includes('.dml-tmp-'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((rel) => !rel.split('/').some((part) => part.startsWith('.')))
    .sort();
}

export async function hashModelFolder(dir: string): Promise<ModelFileEntry[]> {
  const out: ModelFileEntry[] = [];
  for (const rel of modelFolderFiles(dir)) {
    const file = path.join(dir, ...rel.split('/'));
    out.push({ path: rel, sha256: await sha256OfFile(file), bytes: fs.statSync(file).size });
  }
  return out;
}

/** The content key of a file list: sha256 over its sorted "path sha256" lines (the cache folder's name). */
export function contentHashOf(files: Pick<ModelFileEntry, 'path' | 'sha256'>[]): string {
  const lines = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => `${f.path} ${f.sha256}\n`);
  return crypto.createHash('sha256').update(lines.join('')).digest('hex');
}

/**
 * Hashes every file of the model's folder and, with `publish`, copies the files to the artifact
 * store under "models/<content hash>" (each atomically). Call before writing the rows.
 */
export async function publishModelFolder(
  dir: string,
  opts: { publish: boolean },
): Promise<{ files: ModelFileEntry[]; filesKey: string | null }> {
  const files = await hashModelFolder(dir);
  if (!opts.publish) return { files, filesKey: null };
  const store = await checkedArtifactStore();
  const filesKey = `${MODEL_FILES_PREFIX}/${contentHashOf(files)}`;
  for (const f of files) await store.putFile(`${filesKey}/${f.path}`, path.join(dir, ...f.path.split('/')));
  return { files, filesKey };
}

/** Replaces the model's ModelFile rows (use `tx` inside the transaction that writes the Model row). */
export async function replaceModelFileRows(tx: Db, modelId: number, files: ModelFileEntry[]): Promise<void> {
  await tx.modelFile.deleteMany({ where: { modelId } });
  await tx.modelFile.createMany({ data: files.map((f) => ({ modelId, ...f })) });
}

export async function modelFileRows(db: Db, modelId: number): Promise<ModelFileEntry[]> {
  return db.modelFile.findMany({ where: { modelId }, select: { path: true, sha256: true, bytes: true }, orderBy: { path: 'asc' } });
}

/** Copies the published files of every model from one store to another (`db copy`), those the target lacks. */
export async function copyPublishedModelFiles(
  db: Db,
  source: ArtifactStore,
  target: ArtifactStore,
): Promise<{ copied: number; present: number }> {
  const rows = await db.modelFile.findMany({
    where: { model: { filesKey: { not: null } } },
    select: { path: true, model: { select: { filesKey: true } } },
  });
  const out = { copied: 0, present: 0 };
  if (source.location === target.location) return { copied: 0, present: rows.length };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-model-copy-'));
  try {
    for (const r of rows) {
      const key = `${r.model.filesKey}/${r.path}`;
      if (await target.exists(key)) out.present++;
      else if (await source.getToFile(key, path.join(tmp, 'file'))) {
        await target.putFile(key, path.join(tmp, 'file'), { move: true });
        out.copied++;
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
