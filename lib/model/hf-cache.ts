// The local Hugging Face hub cache that Python's huggingface_hub fills
// ($HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub):
//   models--<org>--<name>/refs/<revision>      the commit a branch or tag points at
//   models--<org>--<name>/snapshots/<commit>/  the files (symlinks into ../../blobs)
// `model pull` copies a model from there when it is present, without any network access.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function hfHubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  const home = env.HF_HOME ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'huggingface');
  return path.join(home, 'hub');
}

/** The snapshot folder of `id` at `revision` (branch, tag or commit) in the cache, if it is there. */
export function findCachedSnapshot(id: string, revision: string, cacheDir = hfHubCacheDir()): string | undefined {
  const repo = path.join(cacheDir, `models--${id.replace(/\//g, '--')}`);
  let commit = revision;
  if (!/^[0-9a-f]{40}$/.test(revision)) {
    const ref = path.join(repo, 'refs', revision);
    if (!fs.existsSync(ref)) return undefined;
    commit = fs.readFileSync(ref, 'utf8').trim();
  }
  const snapshot = path.join(repo, 'snapshots', commit);
  return fs.existsSync(path.join(snapshot, 'config.json')) ? snapshot : undefined;
}
