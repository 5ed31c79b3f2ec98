// A fresh migrated database in a temp folder (the test template), seeded with the dashboard fixture.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb, type Db } from '../../lib/db/client';
import { runCli } from './cli';
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

/** The data set every fixture holds. */
export const FIXTURE_DATASET = 'MR (fixture)';

/** The smallest lab a real worker trains in seconds: one data set, CE, n = 10, two folds, no artifacts. */
export function createSmallLab(): Promise<SeededDb> {
  return createSeededDb({
    datasets: 1,
    losses: ['ce'],
    sampleSizes: [10],
    folds: 2,
    artifacts: false,
    attributedExamples: 0,
    extras: false,
  });
}

/** `dml-lens model init --size tiny` with a 400-token vocabulary from the fixture data set, registered as `name`. */
export async function initTinyModel(seeded: SeededDb, name: string): Promise<void> {
  const out = path.join(seeded.home, 'models', name);
  const args = ['model', 'init', '--size', 'tiny', '--vocab-corpus', FIXTURE_DATASET, '--vocab-size', '400', '--out', out, '--name', name];
  await runCli(args, { DATABASE_URL: seeded.url, DML_LENS_HOME: seeded.home });
}
