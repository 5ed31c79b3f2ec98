// The files of a copied lab: every run's folder (embeddings, proxies, kept model) goes from the
// source's place (its artifact store under the source identity, or <home>/runs/<id> for runs from
// before the store) to the target artifact store under the target identity. Artifact.path is
// rewritten to the new key. Files already in the target are not copied again (idempotent).
import fs from 'node:fs';
import path from 'node:path';
import { dataHome } from '../../paths';
import type { ArtifactStore } from '../artifacts/store';

/** The file's path inside its run folder: "runs/12/model/x" -> "model/x", "<uuid>/12/a.f32" -> "a.f32". */
export function relativeInRun(p: string, runId: number): string {
  const parts = p.split(/[\\/]/);
  if (path.isAbsolute(p)) return path.basename(p);
  const at = parts.indexOf(String(runId));
  return at >= 0 && at < parts.length - 1 ? parts.slice(at + 1).join('/') : parts[parts.length - 1];
}

/** Local files of one run in the source: [relative path in the run folder, local file]. */
async function sourceFiles(
  store: ArtifactStore,
  sourceUuid: string,
  runId: number,
  absolute: string[],
  cacheDir: string,
): Promise<[string, string][]> {
  const out = new Map<string, string>();
  const legacy = path.join(dataHome(), 'runs', String(runId));
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.includes('.dml-tmp-')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else if (e.isFile()) out.set(r, path.join(dir, e.name));
    }
  };
  if (fs.existsSync(legacy) && fs.statSync(legacy).isDirectory()) walk(legacy, '');
  for (const abs of absolute) {
    if (!fs.existsSync(abs)) continue;
    if (fs.statSync(abs).isDirectory()) walk(abs, path.basename(abs));
    else out.set(path.basename(abs), abs);
  }
  const prefix = `${sourceUuid}/${runId}`;
  for (const key of await store.list(prefix)) {
    const rel = key.slice(prefix.length + 1);
    if (store.localRoot) out.set(rel, path.join(store.localRoot, ...key.split('/')));
    else {
      const local = path.join(cacheDir, ...key.split('/'));
      if (await store.getToFile(key, local)) out.set(rel, local);
    }
  }
  return [...out.entries()];
}

export interface ArtifactCopy {
  runs: number;
  files: number;
  skipped: number;
}

/** Copies the folders of `runIds` into `target` under "<targetUuid>/<runId>/". */
export async function copyRunFolders(opts: {
  source: ArtifactStore;
  sourceUuid: string;
  target: ArtifactStore;
  targetUuid: string;
  runIds: number[];
  absolutePaths: Map<number, string[]>;
  onProgress?: (done: number, total: number) => void;
}): Promise<ArtifactCopy> {
  const cacheDir = path.join(dataHome(), 'cache', 'db-copy');
  const result: ArtifactCopy = { runs: 0, files: 0, skipped: 0 };
  try {
    for (const [i, runId] of opts.runIds.entries()) {
      const files = await sourceFiles(opts.source, opts.sourceUuid, runId, opts.absolutePaths.get(runId) ?? [], cacheDir);
      if (files.length) result.runs++;
      for (const [rel, local] of files) {
        const key = `${opts.targetUuid}/${runId}/${rel}`;
        if (await opts.target.exists(key)) {
          result.skipped++;
          continue;
        }
        await opts.target.putFile(key, local);
        result.files++;
      }
      opts.onProgress?.(i + 1, opts.runIds.length);
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  return result;
}
