#!/usr/bin/env node
// npm install's step: generates both Prisma clients (SQLite's into @prisma/client, PostgreSQL's into
// node_modules/.prisma/client-pg) from prisma/schema.prisma and its generated PostgreSQL twin, quietly.
// prisma.config.ts picks schema and adapter by DATABASE_URL, so each run names a URL of its kind;
// generating connects to nothing. On failure Prisma's own output is printed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prisma = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const runs = [
  { what: 'SQLite', args: ['generate'], url: `file:${path.join(root, 'var', 'dml-lens.db')}` },
  { what: 'PostgreSQL', args: ['generate', '--schema', 'prisma/postgres/schema.prisma'], url: 'postgresql://127.0.0.1:5432/unused' },
];
for (const r of runs) {
  const res = spawnSync(process.execPath, [prisma, ...r.args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: r.url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
  });
  if (res.status !== 0) {
    process.stderr.write(`dml-lens: generating the ${r.what} Prisma client failed:\n${res.stdout ?? ''}${res.stderr ?? ''}\n`);
    process.exit(res.status ?? 1);
  }
}
console.log('dml-lens: Prisma clients generated (SQLite, PostgreSQL)');
