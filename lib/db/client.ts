// The Prisma client over better-sqlite3 (Rust-free Prisma 6.19: no engine binaries).
// SQLite runs in WAL mode (readers never wait for the writer) with a busy timeout of tens of
// seconds, so a long `data import` makes other writers wait instead of failing (docs/reliability.md).
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseFile, databaseUrl } from '../paths';

export type Db = PrismaClient;

/** How long a statement waits for another process's write lock (`DML_LENS_BUSY_TIMEOUT_MS`). */
export function busyTimeoutMs(): number {
  const v = Number(process.env.DML_LENS_BUSY_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 30_000;
}

const clients = new Map<string, PrismaClient>();
const urls = new WeakMap<PrismaClient, string>();

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

/** A client for `url` (default: the configured database), shared per URL within the process. */
export function getDb(url = databaseUrl()): PrismaClient {
  let client = clients.get(url);
  if (!client) {
    useWal(url);
    client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: busyTimeoutMs() }) });
    clients.set(url, client);
    urls.set(client, url);
  }
  return client;
}

/** The URL a client from getDb was opened with (child processes open the same database). */
export function urlOfDb(db: PrismaClient): string {
  return urls.get(db) ?? databaseUrl();
}

export async function closeDb(url?: string): Promise<void> {
  const all = url ? [url] : [...clients.keys()];
  for (const u of all) {
    const c = clients.get(u);
    clients.delete(u);
    if (c) await c.$disconnect();
  }
}
