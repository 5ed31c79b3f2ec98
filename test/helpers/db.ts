// A fresh, migrated database per test. SQLite (default): a copy of the template that `npm test`'s
// setup step migrated. PostgreSQL (DML_TEST_DB=postgresql, as `npm run test:pg` sets): a uniquely
// named database created on the server at DML_TEST_PG_URL, migrated, and dropped by cleanup();
// tests never touch a database they did not create.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb, type Db } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { connectPostgres } from '../../lib/db/pg-connect';
import { dataHome } from '../../lib/paths';

export interface TestDb {
  db: Db;
  url: string;
  dir: string;
  kind: 'sqlite' | 'postgresql';
  cleanup(): Promise<void>;
}

/** The PostgreSQL server tests use (a maintenance database on it; each test creates its own). */
export function testPostgresUrl(): string {
  return process.env.DML_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty, uniquely named PostgreSQL database; returns its URL and a function that drops it. */
export async function createPostgresDatabase(prefix = 'dml_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = testPostgresUrl();
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const client = await connectPostgres(admin);
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = withDatabase(admin, name);
  return {
    url,
    async drop() {
      await closeDb(url);
      const c = await connectPostgres(admin);
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

function createSqliteTestDb(dir: string): TestDb {
  const template = path.join(dataHome(), 'test', 'template.db');
  if (!fs.existsSync(template)) {
    throw new Error(`test template database missing at ${template}: run "npm run setup -- --test" (npm test does it)`);
  }
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  return {
    db: getDb(url),
    url,
    dir,
    kind: 'sqlite',
    async cleanup() {
      await closeDb(url);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgresTestDb(dir: string): Promise<TestDb> {
  const pg = await createPostgresDatabase();
  await migrateDatabase(pg.url);
  return {
    db: getDb(pg.url),
    url: pg.url,
    dir,
    kind: 'postgresql',
    async cleanup() {
      await pg.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createTestDb(opts: { kind?: 'sqlite' | 'postgresql' } = {}): Promise<TestDb> {
  const kind = opts.kind ?? (process.env.DML_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-test-'));
  return kind === 'postgresql' ? createPostgresTestDb(dir) : createSqliteTestDb(dir);
}

/** The shared SentEval folder, or undefined (tests then skip with a printed reason). */
export function sharedSentevalDir(): string | undefined {
  const dir = path.resolve(process.cwd(), '..', 'shared', 'data', 'senteval');
  return fs.existsSync(path.join(dir, 'SOURCES.md')) ? dir : undefined;
}
