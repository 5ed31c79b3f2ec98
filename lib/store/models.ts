// The Model table: which model folders dml-lens knows, by name. Paths inside the checkout are
// stored relative to it (the checkout can move); others absolute. A model is resolved by name
// (registered, or a folder under models/ or models/cache/) or by a folder path. A model pulled
// from the hub records the commit its files came from (`commit`).
import fs from 'node:fs';
import path from 'node:path';
import type { Model } from '@prisma/client';
import { getDb, type Db } from '../db/client';
import { UserError } from '../errors';
import { modelsDir } from '../paths';
import { absolutePath, storedPath, type ModelOrigin } from '../model/model-folders';
import { encoderParamCount } from '../model/sizes';
import { fetchModelFiles } from './model-fetch';
import { artifactsConfigured, modelFileRows, publishModelFolder, replaceModelFileRows } from './model-files';
import type { EncoderConfig } from '../model/types';

export type { ModelOrigin } from '../model/model-folders';

export interface RegisterModelInput {
  name: string;
  dir: string;
  origin: ModelOrigin;
  config: EncoderConfig;
  numParams?: number;
  /** The hub commit the files were resolved to (model pull). */
  commit?: string;
  /** The hub repo id the files came from (model pull): a worker without them downloads them again. */
  hubRepo?: string;
}

export interface ModelRecord {
  id: number;
  name: string;
  path: string; // absolute
  arch: string;
  origin: string;
  config: EncoderConfig;
  numParams: number | null;
  commit: string | null;
  hubRepo: string | null;
  /** Where its files are in the artifact store ("models/<content hash>"), when published. */
  filesKey: string | null;
  createdAt: Date;
}

function toRecord(row: Model): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    path: absolutePath(row.path),
    arch: row.arch,
    origin: row.origin,
    config: JSON.parse(row.configJson) as EncoderConfig,
    numParams: row.numParams,
    commit: row.commit ?? null,
    hubRepo: row.hubRepo ?? null,
    filesKey: row.filesKey ?? null,
    createdAt: row.createdAt,
  };
}

/** Adds the model, or updates it when the same name already points at the same folder. */
export async function registerModel(input: RegisterModelInput, db: Db = getDb()): Promise<ModelRecord> {
  const p = storedPath(input.dir);
  const existing = await db.model.findUnique({ where: { name: input.name } });
  if (existing && absolutePath(existing.path) !== absolutePath(p)) {
    throw new UserError(
      `a model named "${input.name}" is already registered at ${absolutePath(existing.path)}; choose another name (--name) or use that folder`,
    );
  }
  const data = {
    path: p,
    arch: input.config.model_type,
    origin: input.origin,
    configJson: JSON.stringify(input.config),
    numParams: input.numParams ?? encoderParamCount(input.config),
    commit: input.commit ?? null,
    hubRepo: input.hubRepo ?? null,
  };
  // the files travel: their sha256s always, a copy in the artifact store when one is configured (before any row)
  const { files, filesKey } = await publishModelFolder(absolutePath(p), { publish: artifactsConfigured() });
  const row = await db.$transaction(async (t) => {
    const tx = t as unknown as Db;
    const written = existing
      ? await tx.model.update({ where: { id: existing.id }, data: { ...data, filesKey } })
      : await tx.model.create({ data: { name: input.name, ...data, filesKey } });
    await replaceModelFileRows(tx, written.id, files);
    return written;
  });
  return toRecord(row);
}

export async function listRegisteredModels(db: Db = getDb()): Promise<ModelRecord[]> {
  return (await db.model.findMany({ orderBy: { id: 'asc' } })).map(toRecord);
}

export async function findModelByName(name: string, db: Db = getDb()): Promise<ModelRecord | undefined> {
  const row = await db.model.findUnique({ where: { name } });
  return row ? toRecord(row) : undefined;
}

/**
 * A registered model's folder on this machine: its registered folder when that holds the recorded
 * files (same names and sizes), else (a worker elsewhere, a moved checkout, another machine's folder
 * at the same path) its published or hub files, fetched and verified into the model cache.
 */
async function registeredModelDir(db: Db, record: ModelRecord): Promise<string> {
  if (fs.existsSync(path.join(record.path, 'config.json'))) {
    const files = await modelFileRows(db, record.id);
    const same = files.every((f) => fs.statSync(path.join(record.path, ...f.path.split('/')), { throwIfNoEntry: false })?.size === f.bytes);
    if (same || (!record.filesKey && !record.hubRepo)) return record.path;
  }
  return fetchModelFiles(db, record);
}

/**
 * The folder of a model given by folder path or name: a registered name, then models/<name>,
 * then models/cache/<name> (a pulled hub id). Throws a UserError listing what is known.
 */
export async function resolveModelDir(nameOrPath: string, db: Db = getDb()): Promise<{ dir: string; record?: ModelRecord }> {
  const asPath = path.resolve(nameOrPath);
  if (fs.existsSync(path.join(asPath, 'config.json'))) {
    const records = await listRegisteredModels(db);
    return { dir: asPath, record: records.find((r) => r.path === asPath) };
  }
  const record = await findModelByName(nameOrPath, db);
  if (record) {
    return { dir: await registeredModelDir(db, record), record };
  }
  for (const dir of [path.join(modelsDir(), nameOrPath), path.join(modelsDir(), 'cache', nameOrPath)]) {
    if (fs.existsSync(path.join(dir, 'config.json'))) return { dir };
  }
  const known = (await listRegisteredModels(db)).map((r) => r.name);
  throw new UserError(
    `no model "${nameOrPath}": not a folder with config.json, not a registered name${known.length ? ` (registered: ${known.join(', ')})` : ''}, ` +
      `and not under ${modelsDir()}. Create one with \`dml-lens model init\`, download one with \`dml-lens model pull <hf-id>\`, or pass a local Hugging Face folder.`,
  );
}

/**
 * The local folder of a queued run's model: the folder resolved at queue time when it is here, else
 * the run's registered model (fetched and verified when its folder is on another machine), else the
 * config's model resolved again. Throws the one-line UserError of what failed.
 */
export async function runModelDir(db: Db, run: { modelId: number | null; model: string; stored: string }): Promise<string> {
  if (fs.existsSync(path.join(run.stored, 'config.json'))) return run.stored;
  const row = run.modelId !== null ? await db.model.findUnique({ where: { id: run.modelId } }) : null;
  if (row) return registeredModelDir(db, toRecord(row));
  return (await resolveModelDir(run.model, db)).dir;
}
