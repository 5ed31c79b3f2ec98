// Model folders on disk, without any database: how a folder is stored (relative to the checkout
// when inside it, so the checkout can move), and the model folders found under models/.
// The registry of named models (the Model table) lives in lib/store/models.ts.
import fs from 'node:fs';
import path from 'node:path';
import { modelsDir, projectRoot } from '../paths';

export type ModelOrigin = 'init' | 'hub' | 'local' | 'pretrain' | 'finetune';

/** A folder as stored: relative to the checkout when inside it, else absolute. */
export function storedPath(dir: string): string {
  const abs = path.resolve(dir);
  const rel = path.relative(projectRoot(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

export function absolutePath(stored: string): string {
  return path.resolve(projectRoot(), stored);
}

/** True when `dir` is `root` itself or inside it (after resolving `..` and symlinks where they exist). */
export function isInside(root: string, dir: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(root), real(dir));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Folders holding a config.json under `root` (models/ by default), at most three levels down. */
export function scanModelFolders(root = modelsDir(), depth = 3): string[] {
  if (!fs.existsSync(root)) return [];
  const found: string[] = [];
  const walk = (dir: string, level: number) => {
    if (fs.existsSync(path.join(dir, 'config.json'))) found.push(dir);
    if (level >= depth) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory() && !e.name.startsWith('.')) walk(path.join(dir, e.name), level + 1);
    }
  };
  walk(root, 0);
  return found.filter((d) => d !== root);
}
