// Prisma 6.19 in Rust-free mode: the query compiler and schema engine run as wasm, SQLite through
// better-sqlite3, PostgreSQL through pg. Nothing is downloaded (see README "Database").
// DATABASE_URL picks the database: file:... (SQLite, default <home>/dml-lens.db) or postgresql://...,
// and with it the schema file and migration history (prisma/postgres/ is generated from
// prisma/schema.prisma by `npm run db:migration`).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const home = process.env.DML_LENS_HOME ?? path.join(process.cwd(), 'var');
  return `file:${path.join(home, 'dml-lens.db')}`;
}

const url = databaseUrl();
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  schema: postgres ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: postgres ? 'prisma/postgres/migrations' : 'prisma/migrations' },
  engine: 'js',
  adapter: () => Promise.resolve().then(() => (postgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url }))),
});
