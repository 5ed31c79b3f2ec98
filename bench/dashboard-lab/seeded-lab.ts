// A throwaway lab holding the dashboard bench's fixture (2,000 runs / 200,000 predictions) on SQLite
// (a file in a temp home) or PostgreSQL (a new database on DML_TEST_PG_URL's server), seeded through
// the same code, and removed (file, home, database) by cleanup().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { connectPostgres } from '../../lib/db/pg-connect';
import { redactUrl } from '../../lib/db/url';
import { getOverview } from '../../lib/store/views/overview';
import { BENCH_SEED, seedDashboard, type SeedResult } from '../../scripts/seed-dashboard';
import { createPostgresDatabase, testPostgresUrl } from '../../test/helpers/db';

export type LabKind = 'sqlite' | 'postgresql';

export interface SeededLab {
  kind: LabKind;
  url: string;
  home: string;
  seed: SeedResult;
  /** e.g. "seeded 2003 runs, 200000 predictions in 9.1 s" */
  summary: string;
  cleanup(): Promise<void>;
}

/** Undefined when a PostgreSQL server answers at DML_TEST_PG_URL (or the default), else why not. */
export async function postgresUnavailable(): Promise<string | undefined> {
  try {
    await (await connectPostgres(testPostgresUrl())).end();
    return undefined;
  } catch (err) {
    return `${(err as Error).message} (server ${redactUrl(testPostgresUrl())}; set DML_TEST_PG_URL)`;
  }
}

export async function seededLab(kind: LabKind): Promise<SeededLab> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `dml-lens-bench-${kind}-`));
  const pg = kind === 'postgresql' ? await createPostgresDatabase('dml_bench_dashboard') : undefined;
  const url = pg ? pg.url : `file:${path.join(home, 'bench.db')}`;
  const cleanup = async () => {
    await closeDb(url);
    await pg?.drop();
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    await migrateDatabase(url);
    const db = getDb(url);
    const t0 = performance.now();
    const seed = await seedDashboard(db, { ...BENCH_SEED, dataHome: home });
    const seconds = (performance.now() - t0) / 1000;
    const { counts } = await getOverview(db);
    await closeDb(url); // the app opens its own connections
    const summary = `seeded ${counts.runs} runs, ${counts.predictions} predictions in ${seconds.toFixed(1)} s`;
    return { kind, url, home, seed, summary, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
