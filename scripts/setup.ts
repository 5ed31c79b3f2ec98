// One setup step every entry point runs (demo, dev, build, test): creates the data folder,
// generates the Prisma clients (SQLite's and PostgreSQL's) when the schema changed, and applies
// pending migrations to whichever database DATABASE_URL names (lib/db/migrate.ts; every CLI
// command and the dashboard also do this on first use). A fresh clone never needs a manual step.
// `--test` also prepares the migrated template database that tests copy.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase } from '../lib/db/migrate';
import { PG_SCHEMA_FILE } from '../lib/db/schema-variants';
import { describeDatabase } from '../lib/db/url';
import { UserError } from '../lib/errors';
import { dataHome, databaseUrl, projectRoot } from '../lib/paths';

const root = projectRoot();
const prismaBin = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');

function prisma(args: string[], url: string): void {
  execFileSync(process.execPath, [prismaBin, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function ensureClient(): void {
  const hash = crypto.createHash('sha256');
  for (const f of ['prisma/schema.prisma', PG_SCHEMA_FILE]) hash.update(fs.readFileSync(path.join(root, f)));
  const digest = hash.digest('hex');
  const stamp = path.join(dataHome(), '.prisma-client-hash');
  const generated = ['client', 'client-pg'].map((d) => path.join(root, 'node_modules', '.prisma', d, 'index.js'));
  if (generated.every((g) => fs.existsSync(g)) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest) return;
  const sqliteUrl = `file:${path.join(dataHome(), 'dml-lens.db')}`; // generate needs no connection; the config picks the schema by URL
  prisma(['generate'], sqliteUrl);
  prisma(['generate', '--schema', PG_SCHEMA_FILE], 'postgresql://127.0.0.1:5432/unused'); // the config picks the PostgreSQL adapter by URL
  fs.writeFileSync(stamp, digest);
}

export async function migrate(url: string): Promise<void> {
  const applied = await migrateDatabase(url, root);
  if (applied.length) console.log(`setup: applied ${applied.length} migration(s) to ${describeDatabase(url, root)}`);
}

/** The migrated database tests copy (fast: a file copy per test instead of a migrate per test). */
export function testTemplateDb(): string {
  return path.join(dataHome(), 'test', 'template.db');
}

async function main(): Promise<void> {
  fs.mkdirSync(dataHome(), { recursive: true });
  ensureClient();
  await migrate(databaseUrl());
  if (process.argv.includes('--test')) {
    const tpl = testTemplateDb();
    fs.rmSync(tpl, { force: true });
    await migrateDatabase(`file:${tpl}`, root);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('setup.ts')) {
  main().catch((err) => {
    console.error(err instanceof UserError ? `setup: ${err.message}` : err);
    process.exit(1);
  });
}
