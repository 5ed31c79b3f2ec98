// The directory artifact store: keys are files below one folder (local disk or a shared mount).
// Every write is temp file + fsync + rename (atomic-file.ts).
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors';
import { copyFileAtomic } from './atomic-file';
import { checkKey, type ArtifactStore } from './store';

export class DirectoryArtifactStore implements ArtifactStore {
  readonly location: string;
  constructor(readonly localRoot: string) {
    this.location = localRoot;
  }

  pathOf(key: string): string {
    return path.join(this.localRoot, ...checkKey(key).split('/'));
  }

  async putFile(key: string, file: string, opts: { move?: boolean } = {}): Promise<void> {
    await copyFileAtomic(file, this.pathOf(key), opts);
  }

  async getToFile(key: string, file: string): Promise<boolean> {
    const src = this.pathOf(key);
    if (!fs.existsSync(src)) return false;
    await copyFileAtomic(src, file);
    return true;
  }

  exists(key: string): Promise<boolean> {
    return Promise.resolve().then(() => fs.existsSync(this.pathOf(key)));
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix.replace(/\/+$/, '');
    const dir = base ? this.pathOf(base) : this.localRoot;
    if (!fs.existsSync(dir)) return [];
    const out: string[] = [];
    const walk = async (d: string, rel: string) => {
      for (const e of await fs.promises.readdir(d, { withFileTypes: true })) {
        if (e.name.includes('.dml-tmp-')) continue;
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(path.join(d, e.name), r);
        else if (e.isFile()) out.push(r);
      }
    };
    await walk(dir, base);
    return out.sort();
  }

  async removePrefix(prefix: string): Promise<void> {
    await fs.promises.rm(this.pathOf(prefix.replace(/\/+$/, '')), { recursive: true, force: true });
  }

  async check(): Promise<void> {
    try {
      await fs.promises.mkdir(this.localRoot, { recursive: true });
      await fs.promises.access(this.localRoot, fs.constants.W_OK);
    } catch (err) {
      throw new UserError(
        `artifact folder ${this.localRoot} is not writable (${(err as NodeJS.ErrnoException).code}): fix its permissions or set DML_LENS_ARTIFACTS to another folder`,
      );
    }
  }
}
