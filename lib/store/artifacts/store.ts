// Where run artifacts live: DML_LENS_ARTIFACTS names a directory (default <home>/runs, or a shared
// mount) or s3://bucket/prefix (any S3-compatible store). Keys are "/"-separated paths below it,
// starting with the database's identity (see run-artifacts.ts).
import path from 'node:path';
import { UserError } from '../../errors';
import { dataHome } from '../../paths';

export interface ArtifactStore {
  /** Where it is, for messages (no credentials). */
  readonly location: string;
  /** A folder on this machine holding the keys (directory stores), else undefined. */
  readonly localRoot: string | undefined;
  /** Stores the local file under `key`, atomically (readers see all of it or the old content). */
  putFile(key: string, file: string, opts?: { move?: boolean }): Promise<void>;
  /** Copies `key` into the local `file`, streamed and atomically; false when there is no such key. */
  getToFile(key: string, file: string): Promise<boolean>;
  exists(key: string): Promise<boolean>;
  /** Keys under `prefix` (a folder-like prefix ending in "/"). */
  list(prefix: string): Promise<string[]>;
  removePrefix(prefix: string): Promise<void>;
  /** Fails with one line when the store cannot be used (missing bucket, unwritable folder). */
  check(): Promise<void>;
}

export type ArtifactsLocation = { kind: 'dir'; dir: string } | { kind: 's3'; bucket: string; prefix: string };

export function artifactsSetting(): string {
  return process.env.DML_LENS_ARTIFACTS || path.join(dataHome(), 'runs');
}

export function parseArtifactsLocation(value: string): ArtifactsLocation {
  if (/^s3:\/\//i.test(value)) {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(value);
    const bucket = m?.[1] ?? '';
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new UserError(`DML_LENS_ARTIFACTS "${value}": "${bucket}" is not a valid S3 bucket name; use s3://bucket/prefix`);
    }
    return { kind: 's3', bucket, prefix: (m?.[2] ?? '').replace(/^\/+|\/+$/g, '') };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new UserError(`DML_LENS_ARTIFACTS "${value}": unknown scheme; use a directory or s3://bucket/prefix`);
  }
  return { kind: 'dir', dir: path.resolve(value) };
}

/** Checks a key: relative, "/"-separated, no "." or ".." parts, no backslashes. */
export function checkKey(key: string): string {
  const parts = key.split('/');
  if (!key || key.startsWith('/') || key.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`bad artifact key "${key}"`);
  }
  return key;
}
