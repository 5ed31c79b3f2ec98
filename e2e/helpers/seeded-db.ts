// A fresh migrated database in a temp folder (the test template), seeded with the dashboard fixture.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb, type Db } from '../../lib/db/client';
import { seedDashboard, type SeedOptions, type SeedResult } from '../../scripts/seed-dashboard';

export interface SeededDb {
  db: Db;
  url: string;
  home: string;
  seed: SeedResult;
  cleanup(): Promise<void>;
}

export async function createSeededDb(opts: SeedOptions = {}): Promise<SeededDb> {
  const template = path.resolve(import.meta.dirname, '..', '..', 'var', 'test', 'template.db');
  if (!fs.existsSync(template)) throw new Error(`missing ${template}: run "npm run setup -- --test" (npm run test:e2e does it)`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-e2e-'));
  const file = path.join(home, 'dml-lens.db');
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  const db = getDb(url);
  const seed = await seedDashboard(db, { dataHome: home, ...opts });
  return {
    db,
    url,
    home,
    seed,
    async cleanup() {
      await closeDb(url);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
