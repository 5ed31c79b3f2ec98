// The Prisma client for the configured database (Rust-free Prisma 6.19: no engine binaries):
// SQLite through better-sqlite3 (file:...), PostgreSQL through pg (postgresql://...). Both clients
// are generated from prisma/schema.prisma (the PostgreSQL one into node_modules/.prisma/client-pg)
// and have the same models and API, so callers see one type, `Db`.
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { UserError } from '../errors';
import { databaseUrl, projectRoot } from '../paths';
import { databaseKind, type DatabaseKind } from './url';

export type Db = PrismaClient;

const clients = new Map<string, PrismaClient>();
const kinds = new WeakMap<object, DatabaseKind>();

function sqliteClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

/** The PostgreSQL client's constructor, loaded on first use (CommonJS resolution, as @prisma/client loads .prisma/client). */
function postgresClientClass(): typeof PrismaClient {
  const load = createRequire(path.join(projectRoot(), 'package.json'));
  try {
    return (load('.prisma/client-pg') as { PrismaClient: typeof PrismaClient }).PrismaClient;
  } catch {
    throw new UserError('the PostgreSQL Prisma client is not generated: run "npm install" (or "npx prisma generate --schema prisma/postgres/schema.prisma")');
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
  }
  return client;
}

/** Which database `db` (a client from getDb, or a transaction of one) talks to. */
export function dbKind(db: object): DatabaseKind {
  const known = kinds.get(db);
  if (known) return known;
  // transaction clients forward to their client's fields; Prisma names the provider there
  return (db as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
}

export async function closeDb(url?: string): Promise<void> {
  const urls = url ? [url] : [...clients.keys()];
  for (const u of urls) {
    const c = clients.get(u);
    clients.delete(u);
    if (c) await c.$disconnect();
  }
}
