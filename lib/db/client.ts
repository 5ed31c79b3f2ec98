// The Prisma client over better-sqlite3 (Rust-free Prisma 6.19: no engine binaries).
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseUrl } from '../paths';

export type Db = PrismaClient;

const clients = new Map<string, PrismaClient>();

/** A client for `url` (default: the configured database), shared per URL within the process. */
export function getDb(url = databaseUrl()): PrismaClient {
  let client = clients.get(url);
  if (!client) {
    client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
    clients.set(url, client);
  }
  return client;
}

export async function closeDb(url?: string): Promise<void> {
  const urls = url ? [url] : [...clients.keys()];
  for (const u of urls) {
    const c = clients.get(u);
    clients.delete(u);
    if (c) await c.$disconnect();
  }
}
