// `model pull`: a BERT/RoBERTa-family model from the Hugging Face hub into models/cache/<id>/.
// Files: config.json, model.safetensors (or model.safetensors.index.json + shards), and the
// tokenizer files that exist (tokenizer.json, tokenizer_config.json, special_tokens_map.json,
// vocab.txt, vocab.json, merges.txt). Sources, in order:
//   1. the local Hugging Face cache (HF_HUB_CACHE / HF_HOME, as Python fills it): no network;
//   2. $HF_ENDPOINT (a mirror) or https://huggingface.co, with $HF_TOKEN for gated models.
// Downloads go to a staging folder renamed into place at the end, so a failed pull leaves
// nothing half-written. Shard names from the index are checked to be plain file names inside the
// staging folder (shard-names.ts), each file's sha256 is checked against the hub's ETag where it
// gives one, and the commit the revision resolved to is returned (recorded in the registry).
// Offline, the error says how to use a local folder instead.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { modelsDir } from '../paths';
import { parseEncoderConfig } from './config';
import { findCachedSnapshot, hfHubCacheDir } from './hf-cache';
import {
  checkSafetensorsFile,
  hubFetch,
  HubUnreachableError,
  saveResponse,
  type DownloadProgress,
  type HubFileInfo,
  type HubRequest,
} from './hub-download';
import { shardFilesOf } from './shard-names';
import type { EncoderConfig } from './types';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
export const TOKENIZER_FILES_ON_HUB = [
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.txt',
  'vocab.json',
  'merges.txt',
];
const HUB_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

export interface PullOptions {
  revision?: string;
  /** Default: $HF_ENDPOINT, else https://huggingface.co. */
  endpoint?: string;
  /** Default: models/cache. The model lands in <destRoot>/<id>. */
  destRoot?: string;
  /** Per-request wait for an answer. Default 20 s. */
  timeoutMs?: number;
  /** Default: $HF_TOKEN. */
  token?: string;
  /** Default: the HF hub cache (see hf-cache.ts); null skips it. */
  hfCacheDir?: string | null;
  onProgress?: (p: DownloadProgress) => void;
}

export interface PullResult {
  id: string;
  dir: string;
  source: 'hf-cache' | 'hub';
  files: { name: string; bytes: number }[];
  config: EncoderConfig;
  warnings: string[];
  /** The commit the files came from (hub: X-Repo-Commit; local cache: the snapshot), when known. */
  commit?: string;
}

export function pulledModelDir(id: string, destRoot = path.join(modelsDir(), 'cache')): string {
  return path.join(destRoot, ...id.split('/'));
}

/** What to do without network access (the tail of every "hub unreachable" message). */
export function offlineGuidance(id: string, endpoint: string, revision: string, cacheDir: string): string {
  const name = id.split('/').pop();
  return [
    `To use ${id} without network access:`,
    `  - download its files on a machine that has access (config.json, model.safetensors, tokenizer.json, tokenizer_config.json,`,
    `    special_tokens_map.json, and vocab.txt or vocab.json + merges.txt) from ${endpoint}/${id}/tree/${revision},`,
    `  - copy them into a local folder, e.g. models/${name}/, and pass that folder wherever a model is asked for: --model models/${name}`,
    `A mirror is used when HF_ENDPOINT is set (e.g. HF_ENDPOINT=https://hf-mirror.com). A model already in a Hugging Face`,
    `cache is copied without network: point HF_HOME (or HF_HUB_CACHE) at it (looked in ${cacheDir}).`,
  ].join('\n');
}

export async function pullModel(id: string, opts: PullOptions = {}): Promise<PullResult> {
  if (!HUB_ID.test(id) || id.includes('..'))
    throw new UserError(`"${id}" is not a Hugging Face model id (expected "name" or "org/name", e.g. roberta-base)`);
  const revision = opts.revision ?? 'main';
  const endpoint = opts.endpoint ?? process.env.HF_ENDPOINT ?? DEFAULT_HUB_ENDPOINT;
  const dest = pulledModelDir(id, opts.destRoot);
  const cacheDir = opts.hfCacheDir === undefined ? hfHubCacheDir() : opts.hfCacheDir;
  const guidance = offlineGuidance(id, endpoint, revision, cacheDir ?? hfHubCacheDir());

  const snapshot = cacheDir ? findCachedSnapshot(id, revision, cacheDir) : undefined;
  if (snapshot && hasSafetensors(snapshot)) return finish(id, dest, 'hf-cache', copySnapshot(snapshot, dest), path.basename(snapshot));
  if (/^(1|true|yes|on)$/i.test(process.env.HF_HUB_OFFLINE ?? ''))
    throw new HubUnreachableError(endpoint, 'HF_HUB_OFFLINE=1 is set and the model is not in the local Hugging Face cache', guidance);

  const req: HubRequest = { endpoint, id, revision, token: opts.token ?? process.env.HF_TOKEN, timeoutMs: opts.timeoutMs ?? 20_000 };
  const unreachable = (reason: string): never => {
    throw new HubUnreachableError(endpoint, reason, guidance);
  };
  const staging = `${dest}.download`;
  fs.rmSync(staging, { recursive: true, force: true });
  const files: { name: string; bytes: number }[] = [];
  let commit: string | undefined;
  const get = async (file: string, required: boolean): Promise<boolean> => {
    const target = path.resolve(staging, file);
    if (path.dirname(target) !== path.resolve(staging))
      throw new UserError(`refusing to write ${JSON.stringify(file)}: it resolves outside ${staging}`);
    const info: HubFileInfo = {};
    const res = await hubFetch(req, file, 'GET', unreachable, info);
    if (!res) {
      if (required) throw new UserError(`${endpoint}/${id} (revision ${revision}) has no ${file}; check the model id and revision`);
      return false;
    }
    if (info.commit) {
      if (commit && info.commit !== commit)
        throw new UserError(
          `${id}: the hub answered from two commits (${commit} and ${info.commit}) during the pull; the revision moved, run the pull again`,
        );
      commit = info.commit;
    }
    files.push({ name: file, bytes: await saveResponse(res, target, file, opts.onProgress, info.sha256) });
    return true;
  };
  try {
    await get('config.json', true);
    parseEncoderConfig(JSON.parse(fs.readFileSync(path.join(staging, 'config.json'), 'utf8')), `${id}/config.json`);
    if (!(await get('model.safetensors', false))) {
      if (await get('model.safetensors.index.json', false)) {
        const indexFile = path.join(staging, 'model.safetensors.index.json');
        let index: unknown;
        try {
          index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
        } catch (err) {
          throw new UserError(`${id}/model.safetensors.index.json is not valid JSON (${(err as Error).message})`);
        }
        for (const shard of shardFilesOf(index, `${id}/model.safetensors.index.json`, staging)) await get(shard, true);
      } else {
        const bin = await hubFetch(req, 'pytorch_model.bin', 'HEAD', unreachable);
        throw new UserError(
          bin
            ? `${id} has only pytorch_model.bin weights; dml-lens needs model.safetensors. Look for a revision with safetensors (often refs/pr/<n> on the hub: --revision refs/pr/1), or convert once with Python: ` +
                `python -c "from transformers import AutoModel as M; M.from_pretrained('${id}').save_pretrained('models/${id.split('/').pop()}', safe_serialization=True)"`
            : `${id} (revision ${revision}) has no model.safetensors weights`,
        );
      }
    }
    for (const f of TOKENIZER_FILES_ON_HUB) await get(f, false);
    for (const f of files) if (f.name.endsWith('.safetensors')) checkSafetensorsFile(path.join(staging, f.name));
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.renameSync(staging, dest);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return finish(id, dest, 'hub', files, commit);
}

function hasSafetensors(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'model.safetensors')) || fs.existsSync(path.join(dir, 'model.safetensors.index.json'));
}

function copySnapshot(snapshot: string, dest: string): { name: string; bytes: number }[] {
  const names = fs
    .readdirSync(snapshot)
    .filter(
      (f) =>
        f === 'config.json' || f.endsWith('.safetensors') || f === 'model.safetensors.index.json' || TOKENIZER_FILES_ON_HUB.includes(f),
    );
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  return names.map((name) => {
    fs.copyFileSync(fs.realpathSync(path.join(snapshot, name)), path.join(dest, name)); // snapshots hold symlinks into blobs/
    return { name, bytes: fs.statSync(path.join(dest, name)).size };
  });
}

function finish(id: string, dir: string, source: PullResult['source'], files: PullResult['files'], commit?: string): PullResult {
  const config = parseEncoderConfig(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')), path.join(dir, 'config.json'));
  const warnings = fs.existsSync(path.join(dir, 'tokenizer.json'))
    ? []
    : [`${id} has no tokenizer.json: dml-lens loads tokenizers from tokenizer.json only; copy one from the same model family into ${dir}`];
  return { id, dir, source, files, config, warnings, ...(commit ? { commit } : {}) };
}
