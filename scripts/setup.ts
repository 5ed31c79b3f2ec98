// One setup step every entry point runs (demo, dev, build, test): creates the data folder,
// generates the Prisma client when the schema changed, and applies migrations with
// `prisma migrate deploy`. A fresh clone never needs a manual database step.
// `--test` also prepares the migrated template database that tests copy.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataHome, databaseFile, databaseUrl, projectRoot } from '../lib/paths';

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
  const schema = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'));
  const hash = crypto.createHash('sha256').update(schema).digest('hex');
  const stamp = path.join(dataHome(), '.prisma-client-hash');
  const generated = path.join(root, 'node_modules', '.prisma', 'client', 'index.js');
  if (fs.existsSync(generated) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return;
  prisma(['generate'], databaseUrl());
  fs.writeFileSync(stamp, hash);
}

export function migrate(url: string): void {
  fs.mkdirSync(path.dirname(databaseFile(url)), { recursive: true });
  try {
    prisma(['migrate', 'deploy'], url);
  } catch (err) {
    const out = String((err as { stderr?: Buffer }).stderr ?? err);
    throw new Error(`could not apply migrations to ${databaseFile(url)}:\n${out}\nIf this database came from an older, incompatible version, move it away and run again.`);
  }
}

/** The migrated database tests copy (fast: a file copy per test instead of a migrate per test). */
export function testTemplateDb(): string {
  return path.join(dataHome(), 'test', 'template.db');
}

function main(): void {
  fs.mkdirSync(dataHome(), { recursive: true });
  ensureClient();
  migrate(databaseUrl());
  if (process.argv.includes('--test')) {
    const tpl = testTemplateDb();
    fs.rmSync(tpl, { force: true });
    migrate(`file:${tpl}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('setup.ts')) main();
