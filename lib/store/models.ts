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
  };
  const row = existing
    ? await db.model.update({ where: { id: existing.id }, data })
    : await db.model.create({ data: { name: input.name, ...data } });
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
    if (!fs.existsSync(record.path)) {
      throw new UserError(
        `model "${nameOrPath}" is registered at ${record.path}, which no longer exists; re-create it (dml-lens model init / model pull) or pass a folder with --model`,
      );
    }
    return { dir: record.path, record };
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
