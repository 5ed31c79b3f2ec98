// A fresh database just works: the CLI applies pending migrations on first use, once, under a lock
// (two processes at once both succeed); a database from a newer version and bad URLs get one line.
// Runs on SQLite, and on PostgreSQL under `npm run test:pg` (DML_TEST_DB=postgresql).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { closeDb, getDb } from '../../lib/db/client';
import { localMigrations, migrateDatabase } from '../../lib/db/migrate';
import { createPostgresDatabase, sharedSentevalDir } from '../helpers/db';

const run = promisify(execFile);
const CLI = path.resolve('scripts', 'dml-lens.mjs');
const onPostgres = process.env.DML_TEST_DB === 'postgresql';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A database nobody set up: a new home (SQLite) or a new, empty PostgreSQL database. */
async function freshDatabase(): Promise<{ env: Record<string, string>; url: string; cleanup(): Promise<void> }> {
  const home = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-fresh-')), 'home', 'nested');
  if (!onPostgres) {
    const url = `file:${path.join(home, 'dml-lens.db')}`;
    return {
      env: { DML_LENS_HOME: home, DATABASE_URL: url },
      url,
      cleanup: async () => {
        await closeDb(url);
        fs.rmSync(path.dirname(path.dirname(home)), { recursive: true, force: true });
      },
    };
  }
  const pg = await createPostgresDatabase('dml_fresh');
  return {
    env: { DML_LENS_HOME: home, DATABASE_URL: pg.url },
    url: pg.url,
    cleanup: async () => {
      await pg.drop();
      fs.rmSync(path.dirname(path.dirname(home)), { recursive: true, force: true });
    },
  };
}

test(
  'a fresh home: data import works with no setup step',
  { skip: sharedSentevalDir() ? false : 'no ../shared/data/senteval' },
  async () => {
    const fresh = await freshDatabase();
    try {
      const r = await cli(['data', 'import', '--senteval', sharedSentevalDir()!, '--tasks', 'MR'], fresh.env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /MR\s+imported\s+10662 examples/);
      assert.equal(await getDb(fresh.url).example.count(), 10662);
    } finally {
      await fresh.cleanup();
    }
  },
);

test('two processes migrating one fresh database at once both succeed, and migrate it once', async () => {
  const fresh = await freshDatabase();
  try {
    const [a, b] = await Promise.all([cli(['data', 'list'], fresh.env), cli(['data', 'list'], fresh.env)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const rows = await getDb(fresh.url).$queryRawUnsafe<{ n: number | bigint }[]>('SELECT COUNT(*) AS n FROM "_prisma_migrations"');
    assert.equal(Number(rows[0].n), localMigrations(onPostgres ? 'postgresql' : 'sqlite').length);
    assert.deepEqual(await migrateDatabase(fresh.url), [], 'nothing left to apply');
  } finally {
    await fresh.cleanup();
  }
});

test('a database from a newer version: one line, nothing changed', async () => {
  const fresh = await freshDatabase();
  try {
    await migrateDatabase(fresh.url);
    const db = getDb(fresh.url);
    await db.$executeRawUnsafe(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
      VALUES ('future', 'x', '29991231000000_from_the_future', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)`);
    const r = await cli(['data', 'list'], fresh.env);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^dml-lens data list: the database at .+ was migrated by a newer dml-lens \(migration "29991231000000_from_the_future" is unknown to this version\): update dml-lens/,
    );
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  } finally {
    await fresh.cleanup();
  }
});

test('bad database URLs: one clear line each', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-badurl-'));
  try {
    const cases: [string, RegExp][] = [
      [
        'mysql://u:secret@127.0.0.1/x',
        /DATABASE_URL "mysql:\/\/u:\*\*\*@127\.0\.0\.1\/x": unknown scheme "mysql:"; use file:<path> \(SQLite\) or postgresql:\/\//,
      ],
      [
        'postgresql://postgres:secret@127.0.0.1:1/x',
        /cannot reach PostgreSQL at 127\.0\.0\.1:1 \(connection refused\): start the server or fix the host\/port in DATABASE_URL/,
      ],
      [
        'postgresql://postgres@no-such-host.invalid:5432/x',
        /cannot reach PostgreSQL at no-such-host\.invalid:5432 \(unknown host "no-such-host\.invalid"\)/,
      ],
    ];
    for (const [url, expected] of cases) {
      const r = await cli(['data', 'list'], { DML_LENS_HOME: home, DATABASE_URL: url });
      assert.equal(r.code, 1, url);
      assert.match(r.stderr, expected);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /secret/);
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
