// Applies pending migrations (prisma/migrations for SQLite, prisma/postgres/migrations for
// PostgreSQL) on first use: once per process and URL, under a lock so concurrent processes don't
// race: SQLite's write lock (BEGIN IMMEDIATE, waited for up to a minute), PostgreSQL's advisory lock.
// The bookkeeping is Prisma Migrate's own `_prisma_migrations` table (same checksums: sha256 of
// migration.sql), so `prisma migrate deploy/status` agree with it. A database that has a migration
// this version lacks (made by a newer dml-lens) is refused with one line.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors';
import { projectRoot } from '../paths';
import { connectPostgres } from './pg-connect';
import { databaseKind, describeDatabase, sqliteFile, type DatabaseKind } from './url';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}
interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

const LOCK_KEY = 7_135_201_969; // advisory lock id of dml-lens migrations (any constant)

export function migrationsDir(kind: DatabaseKind, root = projectRoot()): string {
  return kind === 'postgresql' ? path.join(root, 'prisma', 'postgres', 'migrations') : path.join(root, 'prisma', 'migrations');
}

export function localMigrations(kind: DatabaseKind, root = projectRoot()): Migration[] {
  const dir = migrationsDir(kind, root);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

/** The migrations still to apply; refuses a database from a newer version or with a failed migration. */
export function pendingMigrations(local: Migration[], applied: AppliedRow[], where: string): Migration[] {
  const known = new Set(local.map((m) => m.name));
  const unknown = applied.filter((a) => a.rolled_back_at == null && !known.has(a.migration_name));
  if (unknown.length) {
    throw new UserError(
      `the database at ${where} was migrated by a newer dml-lens (migration "${unknown[0].migration_name}" is unknown to this version): update dml-lens, or set DATABASE_URL/DML_LENS_HOME to another database`,
    );
  }
  const failed = applied.find((a) => a.finished_at == null && a.rolled_back_at == null);
  if (failed)
    throw new UserError(
      `the database at ${where} has a failed migration "${failed.migration_name}": restore it from a backup, or set DATABASE_URL/DML_LENS_HOME to another database`,
    );
  const done = new Set(applied.filter((a) => a.finished_at != null && a.rolled_back_at == null).map((a) => a.migration_name));
  return local.filter((m) => !done.has(m.name));
}

const SQLITE_BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
  "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

const POSTGRES_BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

function migrateSqlite(url: string, root: string): string[] {
  const file = sqliteFile(url, root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 60_000 });
  } catch (err) {
    throw new UserError(`cannot open the SQLite database ${file}: ${(err as Error).message}`);
  }
  const appliedRows = (): AppliedRow[] =>
    db.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"').all() as AppliedRow[];
  try {
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    // the usual case, an up-to-date database, takes no lock
    if (hasTable && pendingMigrations(localMigrations('sqlite', root), appliedRows(), file).length === 0) return [];
    db.exec('BEGIN IMMEDIATE'); // the write lock: a second process waits here, then finds nothing to do
    try {
      db.exec(SQLITE_BOOKKEEPING);
      const applied = appliedRows();
      const pending = pendingMigrations(localMigrations('sqlite', root), applied, file);
      const record = db.prepare(
        'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
      );
      for (const m of pending) {
        const started = new Date().toISOString();
        db.exec(m.sql);
        record.run(crypto.randomUUID(), m.checksum, m.name, started, new Date().toISOString());
      }
      db.exec('COMMIT');
      return pending.map((m) => m.name);
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, root: string): Promise<string[]> {
  const client = await connectPostgres(url, { createDatabase: true });
  const where = describeDatabase(url, root);
  const appliedRows = async () =>
    (await client.query<AppliedRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"')).rows;
  try {
    const {
      rows: [table],
    } = await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
    if (table?.t && pendingMigrations(localMigrations('postgresql', root), await appliedRows(), where).length === 0) return [];
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query('BEGIN');
      try {
        await client.query(POSTGRES_BOOKKEEPING);
        const pending = pendingMigrations(localMigrations('postgresql', root), await appliedRows(), where);
        for (const m of pending) {
          const started = new Date();
          await client.query(m.sql);
          await client.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, $4, now(), 1)',
            [crypto.randomUUID(), m.checksum, m.name, started],
          );
        }
        await client.query('COMMIT');
        return pending.map((m) => m.name);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Applies pending migrations to `url` now; returns the names applied. */
export async function migrateDatabase(url: string, root = projectRoot()): Promise<string[]> {
  return databaseKind(url) === 'postgresql' ? migratePostgres(url, root) : migrateSqlite(url, root);
}

const ready = new Map<string, Promise<string[]>>();

/** migrateDatabase once per process and URL (later calls share the first one's outcome; a failure is retried). */
export function ensureMigrated(url: string, root = projectRoot()): Promise<string[]> {
  let p = ready.get(url);
  if (!p) {
    p = migrateDatabase(url, root);
    ready.set(url, p);
    p.catch(() => ready.delete(url));
  }
  return p;
}
