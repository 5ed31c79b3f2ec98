// What `model list` shows: registered models plus model folders found under models/ that are not
// registered (origin "folder"), each with its size from config.json.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { ConfigError } from '../errors';
import { modelsDir } from '../paths';
import { parseEncoderConfig } from '../model/config';
import { scanModelFolders } from '../model/model-folders';
import { listRegisteredModels } from './models';
import { encoderParamCount } from '../model/sizes';

export interface ModelListing {
  name: string;
  arch: string;
  layers: number | null;
  hidden: number | null;
  vocabSize: number | null;
  numParams: number | null;
  path: string;
  origin: string;
  registered: boolean;
  /** Problem with the folder (missing, unreadable config), if any. */
  problem?: string;
}

function fromFolder(dir: string): Omit<ModelListing, 'name' | 'origin' | 'registered'> {
  const base = { path: dir, arch: '?', layers: null, hidden: null, vocabSize: null, numParams: null };
  if (!fs.existsSync(dir)) return { ...base, problem: 'folder missing' };
  try {
    const c = parseEncoderConfig(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')), path.join(dir, 'config.json'));
    const weights = fs.existsSync(path.join(dir, 'model.safetensors')) || fs.existsSync(path.join(dir, 'model.safetensors.index.json'));
    return {
      ...base,
      arch: c.model_type,
      layers: c.num_hidden_layers,
      hidden: c.hidden_size,
      vocabSize: c.vocab_size,
      numParams: encoderParamCount(c),
      ...(weights ? {} : { problem: 'no model.safetensors' }),
    };
  } catch (err) {
    return { ...base, problem: err instanceof ConfigError ? err.problems.join('; ') : (err as Error).message.split('\n')[0] };
  }
}

/** Name of an unregistered folder: its path under models/ (models/cache/<id> -> <id>). */
function folderName(dir: string, root: string): string {
  const rel = path.relative(root, dir).split(path.sep).join('/');
  return rel.startsWith('cache/') ? rel.slice('cache/'.length) : rel;
}

export async function listModels(db?: Db, root = modelsDir()): Promise<ModelListing[]> {
  const registered = await listRegisteredModels(db);
  const out: ModelListing[] = registered.map((r) => {
    const folder = fromFolder(r.path);
    const travels = r.filesKey ? 'the artifact store' : r.hubRepo ? 'the hub' : undefined;
    return {
      ...folder,
      ...(folder.problem === 'folder missing' && travels ? { problem: `not on this machine: fetched from ${travels} on first use` } : {}),
      arch: folder.arch === '?' ? r.arch : folder.arch,
      numParams: folder.numParams ?? r.numParams,
      name: r.name,
      origin: r.origin,
      registered: true,
    };
  });
  const known = new Set(registered.map((r) => r.path));
  for (const dir of scanModelFolders(root)) {
    if (!known.has(dir)) out.push({ ...fromFolder(dir), name: folderName(dir, root), origin: 'folder', registered: false });
  }
  return out;
}
