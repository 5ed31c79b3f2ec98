// The Prisma client for the configured database (Rust-free Prisma 6.19: no engine binaries):
// SQLite through better-sqlite3 (file:...), PostgreSQL through pg (postgresql://...). Both clients
// are generated from prisma/schema.prisma (the PostgreSQL one into node_modules/.prisma/client-pg)
// and have the same models and API, so callers see one type, `Db`.
// SQLite runs in WAL mode (readers never wait for the writer) with a busy timeout of tens of
// seconds, so a long `data import` makes other writers wait instead of failing (docs/reliability.md).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { UserError } from '../errors';
import { databaseFile, databaseUrl, projectRoot } from '../paths';
import { databaseKind, type DatabaseKind } from './url';

export type Db = PrismaClient;

/** How long a statement waits for another process's write lock (`DML_LENS_BUSY_TIMEOUT_MS`). */
export function busyTimeoutMs(): number {
  const v = Number(process.env.DML_LENS_BUSY_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 30_000;
}

const clients = new Map<string, PrismaClient>();
const urls = new WeakMap<PrismaClient, string>();
const kinds = new WeakMap<object, DatabaseKind>();

/** WAL is a property of the database file: set once, kept by every later connection. */
function useWal(url: string): void {
  const file = databaseFile(url);
  if (!fs.existsSync(file)) return;
  const conn = new Database(file, { timeout: busyTimeoutMs() });
  try {
    if (String(conn.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') conn.pragma('journal_mode = WAL');
  } finally {
    conn.close();
  }
}

function sqliteClient(url: string): PrismaClient {
  useWal(url);
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: busyTimeoutMs() }) });
}

/** The PostgreSQL client's constructor, loaded on first use (CommonJS resolution, as @prisma/client loads .prisma/client). */
function postgresClientClass(): typeof PrismaClient {
  const load = createRequire(path.join(projectRoot(), 'package.json'));
  try {
    return (load('.prisma/client-pg') as { PrismaClient: typeof PrismaClient }).PrismaClient;
  } catch {
    throw new UserError(
      'the PostgreSQL Prisma client is not generated: run "npm install" (or "npx prisma generate --schema prisma/postgres/schema.prisma")',
    );
  }
}

function postgresClient(url: string): PrismaClient {
  // same models and methods as the SQLite client (both generated from prisma/schema.prisma)
  const Client = postgresClientClass();
  return new Client({ adapter: new PrismaPg({ connectionString: url }) });
}

/** A client for `url` (default: the configured database), shared per URL within the process. */
export function getDb(url = databaseUrl()): PrismaClient {
  let client = clients.get(url);
  if (!client) {
    const kind = databaseKind(url);
    client = kind === 'postgresql' ? postgresClient(url) : sqliteClient(url);
    kinds.set(client, kind);
    clients.set(url, client);
    urls.set(client, url);
  }
  return client;
}

/** The URL a client from getDb was opened with (child processes open the same database). */
export function urlOfDb(db: PrismaClient): string {
  return urls.get(db) ?? databaseUrl();
}

/** Which database `db` (a client from getDb, or a transaction of one) talks to. */
export function dbKind(db: object): DatabaseKind {
  const known = kinds.get(db);
  if (known) return known;
  // transaction clients forward to their client's fields; Prisma names the provider there
  return (db as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
}

export async function closeDb(url?: string): Promise<void> {
  const all = url ? [url] : [...clients.keys()];
  for (const u of all) {
    const c = clients.get(u);
    clients.delete(u);
    if (c) await c.$disconnect();
  }
}
