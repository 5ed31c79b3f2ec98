// Prisma 6.19 in Rust-free mode: the query compiler and schema engine run as wasm, SQLite through
// better-sqlite3. Nothing is downloaded (see README "Database").
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const home = process.env.DML_LENS_HOME ?? path.join(process.cwd(), 'var');
  return `file:${path.join(home, 'dml-lens.db')}`;
}

export default defineConfig({
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  engine: 'js',
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl() }),
});
