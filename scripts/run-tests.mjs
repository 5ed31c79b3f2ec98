#!/usr/bin/env node
// Runs node's test runner (through tsx) over every *.test.ts under the given folders (or files).
// (Node 20's --test does not expand glob patterns itself.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) return dir.endsWith('.test.ts') ? [dir] : []; // a single suite file
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? find(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const args = process.argv.slice(2);
const dirs = args.filter((a) => !a.startsWith('--'));
const files = (dirs.length ? dirs : ['test']).flatMap(find).sort();
if (files.length === 0) {
  console.error(`no *.test.ts files under ${dirs.join(', ')}`);
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...args.filter((a) => a.startsWith('--')), ...files],
  { stdio: 'inherit' },
);
process.exit(res.status ?? 1);
