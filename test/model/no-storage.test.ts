// lib/model knows nothing of storage: no module under it imports the database client, the store or
// Prisma (the model registry lives in lib/store/models.ts, the vocabulary corpus reader in
// lib/store/vocab-corpus.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const IMPORT = /(?:^\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?|import\()\s*['"]([^'"]+)['"]/gm;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('lib/model imports no database, store or Prisma module', () => {
  const modelDir = path.resolve('lib', 'model');
  const offenders: string[] = [];
  const files = sources(modelDir);
  assert.ok(files.length > 20);
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1];
      const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
      const bad =
        /^@prisma\//.test(spec) || spec === 'better-sqlite3' || (spec.startsWith('.') && /[/\\]lib[/\\](db|store)([/\\]|$)/.test(target));
      if (bad) offenders.push(`${path.relative(process.cwd(), file)} -> ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});
