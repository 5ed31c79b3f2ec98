// A fresh, migrated SQLite database per test: a copy of the template that `npm test`'s setup
// step migrated with `prisma migrate deploy`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb, type Db } from '../../lib/db/client';
import { dataHome } from '../../lib/paths';

export interface TestDb {
  db: Db;
  url: string;
  dir: string;
  cleanup(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const template = path.join(dataHome(), 'test', 'template.db');
  if (!fs.existsSync(template)) {
    throw new Error(`test template database missing at ${template}: run "npm run setup -- --test" (npm test does it)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-test-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  const db = getDb(url);
  return {
    db,
    url,
    dir,
    async cleanup() {
      await closeDb(url);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The shared SentEval folder, or undefined (tests then skip with a printed reason). */
export function sharedSentevalDir(): string | undefined {
  const dir = path.resolve(process.cwd(), '..', 'shared', 'data', 'senteval');
  return fs.existsSync(path.join(dir, 'SOURCES.md')) ? dir : undefined;
}
