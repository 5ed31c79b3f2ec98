// Crash-safe local files: write to a temp file beside the target, fsync it, rename it over the
// target, fsync the folder. Readers see the old file or the whole new one, never a torn one.
// Temp names carry host and pid, so stale temps of dead workers can be found and removed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

const TEMP_MARK = '.dml-tmp-';

/** A temp file name for `file` in the same folder (same filesystem, so rename is atomic). */
export function tempNameFor(file: string): string {
  return path.join(
    path.dirname(file),
    `${path.basename(file)}${TEMP_MARK}${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`,
  );
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* some filesystems cannot fsync a directory; the rename is still atomic */
  }
}

/** Writes `data` to `file` atomically (folders created). */
export function writeFileAtomic(file: string, data: Buffer | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(path.dirname(file));
}

/** Streams `source` into `file` atomically (never the whole content in memory). */
export async function streamToFileAtomic(source: Readable, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    await pipeline(source, fs.createWriteStream(tmp));
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(path.dirname(file));
}

/** Copies (or, with `move`, renames when possible) `from` to `to` atomically. */
export async function copyFileAtomic(from: string, to: string, opts: { move?: boolean } = {}): Promise<void> {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (opts.move) {
    try {
      const fd = fs.openSync(from, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(from, to);
      fsyncDir(path.dirname(to));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err; // another filesystem: copy below
    }
  }
  await streamToFileAtomic(fs.createReadStream(from), to);
  if (opts.move) fs.rmSync(from, { force: true });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is `name` a temp file (or staging folder) left by a process that is gone? Others' hosts: after `maxAgeMs`. */
export function isStaleTemp(name: string, mtimeMs: number, maxAgeMs = 24 * 3600_000): boolean {
  const i = name.lastIndexOf(TEMP_MARK);
  if (i < 0) return false;
  const m = /^(.*)-(\d+)-[0-9a-f]+$/.exec(name.slice(i + TEMP_MARK.length));
  if (!m) return false;
  if (m[1] === os.hostname()) return Number(m[2]) !== process.pid && !pidAlive(Number(m[2]));
  return Date.now() - mtimeMs > maxAgeMs;
}

/** Removes stale temp files and staging folders under `root`; returns how many. */
export function removeStaleTemps(root: string): number {
  if (!fs.existsSync(root)) return 0;
  let removed = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (isStaleTemp(e.name, stat.mtimeMs)) {
        fs.rmSync(p, { recursive: true, force: true });
        removed++;
      } else if (e.isDirectory()) {
        walk(p);
      }
    }
  };
  walk(root);
  return removed;
}

/** A staging folder name that removeStaleTemps recognizes once its process is gone. */
export function stagingFolderName(base: string): string {
  return `${base}${TEMP_MARK}${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
}
