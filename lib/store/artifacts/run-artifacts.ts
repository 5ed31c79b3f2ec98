// A run's files in the artifact store, under "<database uuid>/<run id>/" (embeddings.f32,
// proxies.f32 + proxies.json, model/ when kept). Writers fill a local staging folder and publish it
// (each file atomically, then the folder is removed); readers get a local path (in place for a
// directory store, a verified cached copy for S3). Artifact.path holds the key; rows written
// before keys existed hold a path relative to the data home ("runs/12/...") and still resolve.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client';
import { UserError } from '../../errors';
import { dataHome } from '../../paths';
import { readArray } from '../arrays';
import { removeStaleTemps, stagingFolderName } from './atomic-file';
import { databaseIdentity } from './identity';
import { artifactStore, checkedArtifactStore } from './index';
import type { ArtifactStore } from './store';

export interface StagedRun {
  /** Local folder to write the run's files into. */
  dir: string;
  /** Key prefix of the run in the store ("<uuid>/<runId>"). */
  prefix: string;
  /** The store key of a file written under `dir` (relative path). */
  keyOf(rel: string): string;
  /** Moves every file into the store (each atomically) and removes the staging folder. */
  publish(): Promise<void>;
  /** Drops what was staged (a failed run). */
  discard(): void;
}

export function stagingRoot(): string {
  return path.join(dataHome(), 'staging');
}

export async function runPrefix(db: Db, runId: number): Promise<string> {
  if (!Number.isSafeInteger(runId) || runId < 0) throw new Error(`bad run id ${runId}`);
  return `${await databaseIdentity(db)}/${runId}`;
}

/** Where a run's files go: the store's location and key prefix, for Run.artifactDir and messages. */
export async function runLocation(db: Db, runId: number): Promise<string> {
  return `${artifactStore().location}/${await runPrefix(db, runId)}`;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) =>
      path
        .relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
        .split(path.sep)
        .join('/'),
    )
    .sort();
}

export async function stageRunArtifacts(db: Db, runId: number): Promise<StagedRun> {
  const prefix = await runPrefix(db, runId);
  const store = await checkedArtifactStore();
  const dir = path.join(stagingRoot(), stagingFolderName(prefix.replace('/', '-')));
  fs.mkdirSync(dir, { recursive: true });
  return {
    dir,
    prefix,
    keyOf: (rel) => `${prefix}/${rel.split(path.sep).join('/')}`,
    async publish() {
      for (const rel of filesUnder(dir)) await store.putFile(`${prefix}/${rel}`, path.join(dir, ...rel.split('/')), { move: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
    discard() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Removes everything stored for the run (a failed or re-queued run), and legacy <home>/runs/<id>. */
export async function removeRunArtifacts(db: Db, runId: number): Promise<void> {
  await artifactStore().removePrefix(await runPrefix(db, runId));
}

/** Removes stale temp files and staging folders of dead processes (called at worker start). */
export function cleanStaleArtifactTemps(): number {
  const store = artifactStore();
  return removeStaleTemps(stagingRoot()) + (store.localRoot ? removeStaleTemps(store.localRoot) : 0);
}

function isLegacyPath(p: string): boolean {
  return path.isAbsolute(p) || p.startsWith('runs/') || p.startsWith(`runs${path.sep}`);
}

function cachePath(store: ArtifactStore, key: string): string {
  const tag = crypto.createHash('sha256').update(store.location).digest('hex').slice(0, 12);
  return path.join(dataHome(), 'cache', 'artifacts', tag, ...key.split('/'));
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A local path holding the file stored at `p` (an Artifact.path or a key), or undefined when the
 * store has no such file. With `sha256`, a cached copy is reused only when it matches.
 */
export async function localArtifactFile(p: string, opts: { sha256?: string } = {}): Promise<string | undefined> {
  if (isLegacyPath(p)) {
    const file = path.resolve(dataHome(), p);
    return fs.existsSync(file) ? file : undefined;
  }
  const store = artifactStore();
  if (store.localRoot) {
    const file = path.join(store.localRoot, ...p.split('/'));
    return fs.existsSync(file) ? file : undefined;
  }
  const cached = cachePath(store, p);
  if (fs.existsSync(cached) && (!opts.sha256 || (await sha256OfFile(cached)) === opts.sha256)) return cached;
  return (await store.getToFile(p, cached)) ? cached : undefined;
}

/** Reads an array artifact of `runId`, checking its sha256; errors name the run and the file. */
export async function readRunArray(
  runId: number,
  a: { path: string; sha256: string; kind?: string },
): Promise<{ data: Float32Array; shape: number[] }> {
  const name = path.basename(a.path);
  const file = await localArtifactFile(a.path, { sha256: a.sha256 });
  if (!file)
    throw new UserError(
      `run ${runId}: artifact ${name} is missing from ${artifactStore().location} (${a.path}): restore it, or train the run again`,
    );
  const found = await sha256OfFile(file);
  if (a.sha256 && found !== a.sha256) {
    throw new UserError(
      `run ${runId}: artifact ${name} (${file}) fails its checksum (sha256 ${found.slice(0, 12)}..., recorded ${a.sha256.slice(0, 12)}...): the file is corrupt or was replaced; restore it, or train the run again`,
    );
  }
  return readArray(file);
}

/** A local copy of a whole folder of the run (e.g. "model"), or undefined when nothing is stored there. */
export async function localRunFolder(db: Db, runId: number, sub: string): Promise<string | undefined> {
  const prefix = `${await runPrefix(db, runId)}/${sub}`;
  const store = artifactStore();
  if (store.localRoot) {
    const dir = path.join(store.localRoot, ...prefix.split('/'));
    return fs.existsSync(dir) ? dir : undefined;
  }
  const keys = await store.list(prefix);
  if (keys.length === 0) return undefined;
  for (const key of keys) {
    const file = cachePath(store, key);
    if (!fs.existsSync(file)) await store.getToFile(key, file);
  }
  return cachePath(store, prefix);
}

/** Whether the run has `rel` (e.g. "model/config.json") in the store (no download). */
export async function hasRunFile(db: Db, runId: number, rel: string): Promise<boolean> {
  return artifactStore().exists(`${await runPrefix(db, runId)}/${rel}`);
}

/** The path of `name` in the same folder as the artifact at `p` (key or legacy path). */
export function siblingPath(p: string, name: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf(path.sep));
  return i < 0 ? name : `${p.slice(0, i + 1)}${name}`;
}

/** A local copy of the folder stored at `p` (an Artifact.path of a checkpoint, key or legacy path). */
export async function localArtifactFolder(p: string): Promise<string | undefined> {
  if (isLegacyPath(p)) {
    const dir = path.resolve(dataHome(), p);
    return fs.existsSync(dir) ? dir : undefined;
  }
  const store = artifactStore();
  if (store.localRoot) {
    const dir = path.join(store.localRoot, ...p.split('/'));
    return fs.existsSync(dir) ? dir : undefined;
  }
  const keys = await store.list(p);
  if (keys.length === 0) return undefined;
  for (const key of keys) if (!fs.existsSync(cachePath(store, key))) await store.getToFile(key, cachePath(store, key));
  return cachePath(store, p);
}
